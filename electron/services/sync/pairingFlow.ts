import NoiseSecretStream from '@hyperswarm/secret-stream';
import type DHT from 'hyperdht';
import type { PairingView } from '../../../shared/host/slices/sync';
import type { NetworkOptions } from './network';
import { SyncError } from './service';
import { createDialOnce, createPeerTransport } from './transport';
import {
  createInvite,
  createPairingSession,
  createShortCode,
  joinerRendezvous,
  joinPairing,
  pairingKeyPair,
  pairingServiceName,
  parsePairingCode,
  rendezvousWindow,
  servePairing,
  shortCodeRendezvous,
  type DeviceIdentity,
  type Membership,
} from './trust';
import type { Connection, NoiseKeyPair, PeerTransport } from './types';

/**
 * Pairing as the sync service runs it, on top of trust/ (the exchange and its rules) and
 * transport/ (reaching the other device).
 *
 * The inviting device listens on two throwaway keys: one derived from the invite's secret (the
 * invite text / QR code), one from the short code's nameplate only (the words are the PAKE
 * password and never shape anything observable). Whoever proves the code first is added; the
 * listeners close when the invite is used, expires (5 minutes), is used up (3 wrong guesses) or
 * is cancelled.
 */
export interface PairingHost {
  ready: Promise<void>;
  view(): PairingView;
  cancel(): void;
  close(): Promise<void>;
}

export interface PairingHostOptions extends NetworkOptions {
  pairingId: string;
  identity: DeviceIdentity;
  membership: Membership;
  now: () => number;
  log: (line: string) => void;
  onChange: () => void;
  /** Tests: a shorter lifetime. */
  pairingTtlMs?: number;
}

function listenerLan(options: NetworkOptions, serviceName: string) {
  return options.lan === false ? (false as const) : { ...(options.lan ?? {}), serviceName };
}

export function startPairingHost(options: PairingHostOptions): PairingHost {
  const { identity, membership, now, log } = options;
  const invite = createInvite();
  const short = createShortCode();
  const session = createPairingSession({ now, ...(options.pairingTtlMs !== undefined ? { ttlMs: options.pairingTtlMs } : {}) });
  const transports: PeerTransport[] = [];
  let closed = false;

  const listen = async (keyPair: NoiseKeyPair, serviceName: string, code: { secret: Uint8Array } | { words: string[] }) => {
    const dht: DHT | undefined = options.createDht?.();
    const transport = createPeerTransport({
      keyPair,
      // Anyone may knock: the code, proven inside the encrypted session, is what admits.
      allowed: () => true,
      ...(options.bootstrap !== undefined ? { bootstrap: options.bootstrap } : {}),
      lan: listenerLan(options, serviceName),
      ...(dht ? { dht } : {}),
      log,
    });
    transports.push(transport);
    transport.onConnection((connection: Connection) => {
      if (closed) return void connection.stream.destroy();
      servePairing(connection.stream, {
        code,
        membership,
        identity,
        session,
        deviceInfo: { name: membership.member(identity.deviceId)?.name ?? 'This device' },
      }).then(
        (result) => log(`kindred sync: paired with ${result.device.name} (${result.device.fingerprint})`),
        (err: unknown) => log(`kindred sync: a pairing attempt failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    });
    await transport.start();
  };

  const stop = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    clearTimeout(expiry);
    off();
    await Promise.all(transports.splice(0).map((t) => t.close().catch(() => undefined)));
  };

  const off = session.onChange((state) => {
    options.onChange();
    if (state !== 'waiting' && state !== 'connecting') void stop();
  });
  // The state turns 'expired' when read after the deadline; this makes someone read it.
  const expiry = setTimeout(() => {
    session.state();
    options.onChange();
    void stop();
  }, Math.max(0, session.expiresAt - now()) + 50);
  expiry.unref?.();

  const rendezvous = shortCodeRendezvous(short.nameplate, rendezvousWindow(now()));
  const ready = Promise.all([
    listen(pairingKeyPair(invite.secret), pairingServiceName(invite.secret), { secret: invite.secret }),
    listen(rendezvous.keyPair, rendezvous.serviceName, { words: short.words }),
  ]).then(() => undefined);

  return {
    ready,
    view: () => ({
      pairingId: options.pairingId,
      invite: invite.text,
      shortCode: short.text,
      expiresAt: session.expiresAt,
      state: session.state(),
      message: session.message(),
      device: session.device(),
    }),
    cancel() {
      session.cancel();
    },
    close: stop,
  };
}

export interface JoinOptions extends NetworkOptions {
  code: string;
  identity: DeviceIdentity;
  membership: Membership;
  name: string;
  log: (line: string) => void;
  timeoutMs: number;
  now?: () => number;
}

/** Uses an invite or short code shown on another device; resolves once this device is in. */
export async function joinWithCode(options: JoinOptions): Promise<{ inviter: { name: string; fingerprint: string } }> {
  let parsed: ReturnType<typeof parsePairingCode>;
  try {
    parsed = parsePairingCode(options.code);
  } catch (err) {
    throw new SyncError('bad_code', err instanceof Error ? err.message : String(err));
  }
  const targets =
    parsed.kind === 'invite'
      ? [{ keyPair: pairingKeyPair(parsed.secret), serviceName: pairingServiceName(parsed.secret), code: { secret: parsed.secret } }]
      : joinerRendezvous(parsed.nameplate, (options.now ?? Date.now)()).map((r) => ({ ...r, code: { words: parsed.words } }));

  const dhts: DHT[] = [];
  const throwaway = NoiseSecretStream.keyPair();
  let connection: Connection;
  let code: { secret: Uint8Array } | { words: string[] };
  try {
    // Dial every candidate rendezvous at once; the first that answers is the inviter.
    const attempts = targets.map(async (target) => {
      const dht = options.createDht?.();
      if (dht) dhts.push(dht);
      const conn = await createDialOnce({
        keyPair: throwaway,
        remoteKey: target.keyPair.publicKey,
        ...(options.bootstrap !== undefined ? { bootstrap: options.bootstrap } : {}),
        ...(dht ? { dht } : {}),
        lan: listenerLan(options, target.serviceName),
        timeoutMs: options.timeoutMs,
        log: options.log,
      });
      return { conn, code: target.code };
    });
    const first = await Promise.any(attempts).catch((err: unknown) => {
      const reason = err instanceof AggregateError ? err.errors[0] : err;
      throw new SyncError('unreachable', reason instanceof Error ? reason.message : String(reason));
    });
    // Losers that connect later are closed.
    for (const attempt of attempts) void attempt.then((a) => a.conn !== first.conn && a.conn.stream.destroy(), () => undefined);
    connection = first.conn;
    code = first.code;
    try {
      const result = await joinPairing(connection.stream, {
        code,
        identity: options.identity,
        name: options.name,
        membership: options.membership,
      });
      return { inviter: { name: result.inviter.name, fingerprint: result.inviter.fingerprint } };
    } catch (err) {
      const pairingCode = (err as { code?: string }).code;
      const kind = pairingCode === 'expired' ? 'expired' : pairingCode === 'used_up' ? 'used_up' : pairingCode === 'wrong_code' ? 'bad_code' : 'failed';
      throw new SyncError(kind, err instanceof Error ? err.message : String(err));
    } finally {
      connection.stream.destroy();
    }
  } finally {
    await Promise.all(dhts.map((d) => d.destroy().catch(() => undefined)));
  }
}
