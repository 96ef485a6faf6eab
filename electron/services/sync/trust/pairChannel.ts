/**
 * The pairing exchange, on a protomux channel `kindred/pair/1` over an encrypted PeerStream.
 *
 * Invite (high-entropy secret):           Short code (four words, CPace):
 *   J → I  hello{invite, proofJ}            J → I  hello{code, MSGa}
 *                                           I → J  share{MSGb}
 *                                           J → I  confirm{Ta, proofJ}
 *   I → J  accept{proofI, Tb?, workspace, epoch, inviter key, inviter name}
 *   J → I  request{identity key, name, netkey entry signed by J}
 *   I → J  welcome{every membership entry}      (I has appended add(J) + J's netkey)
 *   J → I  done                                   (J verified, and adopted if given a membership)
 *   either → other  error{code, message}         (then the channel closes)
 *
 * proofJ = HMAC-SHA256(K, handshakeHash ‖ "joiner"), proofI = … ‖ "inviter"; K derives from the
 * invite secret, or from CPace's ISK (itself bound to the handshake hash as sid). A relay onto
 * another Noise session has another handshake hash, so its proofs and tags never verify.
 * Each message is a type byte and prefix-free fields, parsed strictly with a size cap.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { PeerStream } from '../types';
import { concatBytes, equalBytes, hash, toHex, utf8 } from './bytes';
import { confirmationTag, cpaceParty, prefixFreeCat } from './cpace';
import { deviceIdOf, fingerprintOf, type DeviceIdentity } from './identity';
import { inviteProofKey } from './invite';
import type { Membership } from './membership';
import { checkDeviceName, decodeEntry, signEntry } from './membershipEntry';
import { computeState, orphansOf } from './membershipState';
import type { PairingSession } from './pairingSession';
import { shortCodePassword } from './shortCode';

import { decodeText, DEFAULT_TIMEOUT_MS, frame, MESSAGES, PAIR_PROTOCOL, PairingError, PairLink, readU32, T, u32, WELCOME_MAX, type PairingErrorCode } from './pairLink';

export { PAIR_PROTOCOL, PairingError, type PairingErrorCode } from './pairLink';

export type PairingCode = { secret: Uint8Array; words?: undefined } | { words: readonly string[]; secret?: undefined };

/** Either `code`, or (as a shorthand) `secret` or `words` directly. */
interface CodeOptions {
  code?: PairingCode;
  secret?: Uint8Array;
  words?: readonly string[];
}

export interface ServePairingOptions extends CodeOptions {
  membership: Membership;
  identity: DeviceIdentity;
  /** Counts attempts, failures, expiry and the single use. */
  session?: PairingSession;
  onGuessFailed?(): void;
  /** This device's name as shown to the joiner (defaults to its name in the membership log). */
  deviceInfo?: { name: string };
  /** Last word before the device is added (e.g. a prompt showing its name and fingerprint). */
  confirm?(device: { name: string; fingerprint: string }): Promise<boolean> | boolean;
  timeoutMs?: number;
}

export interface JoinPairingOptions extends CodeOptions {
  identity: DeviceIdentity;
  name: string;
  /** When given, the welcome log is adopted before telling the inviter we are done. */
  membership?: Membership;
  timeoutMs?: number;
}

export interface JoinResult {
  entries: Uint8Array[];
  workspaceId: Uint8Array;
  inviter: { name: string; fingerprint: string; deviceId: string };
}

export interface ServeResult {
  device: { name: string; fingerprint: string; deviceId: string };
}

function proof(key: Uint8Array, handshakeHash: Uint8Array, role: 'joiner' | 'inviter'): Uint8Array {
  return hmac(sha256, key, concatBytes(utf8('kindred-pair-v1/proof\0'), handshakeHash, utf8(role)));
}

function cpaceInputs(stream: PeerStream, words: readonly string[]) {
  const initiatorKey = stream.isInitiator ? stream.publicKey : stream.remotePublicKey;
  const responderKey = stream.isInitiator ? stream.remotePublicKey : stream.publicKey;
  return { prs: shortCodePassword(words), ci: prefixFreeCat(utf8(PAIR_PROTOCOL), initiatorKey, responderKey), sid: Uint8Array.from(stream.handshakeHash) };
}

function iskProofKey(isk: Uint8Array): Uint8Array {
  return hash(concatBytes(utf8('kindred-pair-v1/isk\0'), isk), 32);
}

function resolveCode(options: CodeOptions): PairingCode {
  const code: PairingCode | undefined =
    options.code ?? (options.secret !== undefined ? { secret: options.secret } : options.words !== undefined ? { words: options.words } : undefined);
  const ok = code && (code.secret !== undefined ? code.secret instanceof Uint8Array && code.secret.length === 32 : Array.isArray(code.words) && code.words.length > 0);
  if (!ok) throw new PairingError('protocol', 'A pairing needs an invite secret or the code words.');
  return code!;
}

/** The inviter's side: checks the joiner's proof, adds it, sends the log. */
export async function servePairing(stream: PeerStream, options: ServePairingOptions): Promise<ServeResult> {
  const code = resolveCode(options);
  const { membership, identity, session } = options;
  const link = new PairLink(stream, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const hh = Uint8Array.from(stream.handshakeHash);
  let judged = false; // the attempt's proof was checked (right or wrong)
  let begun = false;
  const wrongGuess = (): never => {
    judged = true;
    session?.guessFailed();
    options.onGuessFailed?.();
    link.abort('wrong_code', MESSAGES.wrong_code);
    throw new PairingError('wrong_code', MESSAGES.wrong_code);
  };
  try {
    await link.waitOpen();
    if (session) {
      const attempt = session.beginAttempt();
      if (!attempt.ok) {
        const code: PairingErrorCode = attempt.state === 'expired' ? 'expired' : attempt.state === 'cancelled' ? 'cancelled' : 'used_up';
        link.abort(code, MESSAGES[code]);
        throw new PairingError(code, attempt.message);
      }
      begun = true;
    }
    const [mode, payload] = await link.expect(T.hello, 2);
    let key: Uint8Array;
    let inviterTag: Uint8Array = new Uint8Array();
    const wantInvite = code.secret !== undefined;
    if (mode!.length !== 1 || mode![0] !== (wantInvite ? 0x69 : 0x63)) {
      // The joiner used the other kind of code: a wrong guess as far as we can tell.
      wrongGuess();
    }
    if (code.secret !== undefined) {
      key = inviteProofKey(code.secret);
      if (!equalBytes(payload!, proof(key, hh, 'joiner'))) wrongGuess();
    } else {
      const party = cpaceParty({ ...cpaceInputs(stream, code.words), ad: utf8('inviter'), role: 'responder' });
      let isk: Uint8Array;
      try {
        isk = party.finish(payload!).isk;
      } catch {
        return wrongGuess();
      }
      link.send(frame(T.share, party.message));
      const [tagA, joinerProof] = await link.expect(T.confirm, 2);
      key = iskProofKey(isk);
      if (!equalBytes(tagA!, confirmationTag(isk, payload!)) || !equalBytes(joinerProof!, proof(key, hh, 'joiner'))) wrongGuess();
      inviterTag = confirmationTag(isk, party.message);
    }
    judged = true;
    if (session && !session.proofAccepted()) {
      link.abort('used_up', MESSAGES.used_up);
      throw new PairingError('used_up', MESSAGES.used_up);
    }
    const workspaceId = membership.workspaceId;
    if (!workspaceId) throw new PairingError('refused', 'This device has no sync workspace to invite into.');
    const epoch = membership.currentEpoch();
    const ownName = options.deviceInfo?.name ?? membership.member(identity.deviceId)?.name ?? 'Another device';
    link.send(frame(T.accept, proof(key!, hh, 'inviter'), inviterTag, workspaceId, u32(epoch), identity.identityKey, utf8(checkDeviceName(ownName))));

    const [joinerKey, nameBytes, netkeyBytes] = await link.expect(T.request, 3);
    if (joinerKey!.length !== 32) throw new PairingError('protocol', MESSAGES.protocol);
    const name = checkDeviceName(decodeText(nameBytes!));
    const netkey = decodeEntry(netkeyBytes!);
    if (netkey.kind !== 'netkey' || !equalBytes(netkey.device, joinerKey!) || !equalBytes(netkey.workspaceId, workspaceId)) {
      throw new PairingError('protocol', 'The new device sent a network key that is not its own.');
    }
    const device = { name, fingerprint: fingerprintOf(joinerKey!), deviceId: deviceIdOf(joinerKey!) };
    if (options.confirm && !(await options.confirm({ name, fingerprint: device.fingerprint }))) {
      link.abort('refused', MESSAGES.refused);
      throw new PairingError('refused', 'Pairing was declined on this device.');
    }
    await membership.addDevice(joinerKey!, name, netkeyBytes!);
    link.send(frame(T.welcome, ...membership.entries()));
    await link.expect(T.done, 0);
    session?.succeeded({ name, fingerprint: device.fingerprint });
    link.close();
    return { device };
  } catch (error) {
    const failure = error instanceof PairingError ? error : new PairingError('protocol', (error as Error).message);
    if (session && begun && !judged) {
      // Dropped or garbled before any proof: counts as a failed guess only if it was garbage.
      if (failure.code === 'protocol') {
        session.guessFailed();
        options.onGuessFailed?.();
      } else session.attemptEnded();
    } else if (session && judged && failure.code !== 'wrong_code' && failure.code !== 'used_up') {
      session.fail(`Pairing stopped: ${failure.message}`);
    }
    link.abort(failure.code === 'protocol' ? 'protocol' : 'refused', failure.message);
    throw failure;
  }
}

/** The joiner's side: proves the code, sends who it is, receives (and checks) the log. */
export async function joinPairing(stream: PeerStream, options: JoinPairingOptions): Promise<JoinResult> {
  const code = resolveCode(options);
  const { identity } = options;
  const name = checkDeviceName(options.name);
  // Refuse before the inviter adds us (its log is append-only): we could not adopt its group.
  const others = options.membership?.members().filter((m) => m.deviceId !== identity.deviceId && !m.removed) ?? [];
  if (others.length > 0) throw new PairingError('refused', 'This device already syncs with other devices. Invite new devices from here instead.');
  const link = new PairLink(stream, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const hh = Uint8Array.from(stream.handshakeHash);
  try {
    await link.waitOpen();
    let key: Uint8Array;
    let expectTag: Uint8Array | null = null;
    if (code.secret !== undefined) {
      key = inviteProofKey(code.secret);
      link.send(frame(T.hello, new Uint8Array([0x69]), proof(key, hh, 'joiner')));
    } else {
      const party = cpaceParty({ ...cpaceInputs(stream, code.words), ad: utf8('joiner'), role: 'initiator' });
      link.send(frame(T.hello, new Uint8Array([0x63]), party.message));
      const [share] = await link.expect(T.share, 1);
      let isk: Uint8Array;
      try {
        isk = party.finish(share!).isk;
      } catch {
        throw new PairingError('protocol', MESSAGES.protocol);
      }
      key = iskProofKey(isk);
      link.send(frame(T.confirm, confirmationTag(isk, party.message), proof(key, hh, 'joiner')));
      expectTag = confirmationTag(isk, share!);
    }
    const [inviterProof, tagB, workspaceId, epochBytes, inviterKey, inviterNameBytes] = await link.expect(T.accept, 6);
    if (!equalBytes(inviterProof!, proof(key, hh, 'inviter')) || (expectTag && !equalBytes(tagB!, expectTag))) {
      // The other side does not know the code: someone is in the middle, or the wrong device.
      throw new PairingError('refused', 'The other device could not prove it showed this code. Pairing stopped.');
    }
    if (workspaceId!.length !== 32 || inviterKey!.length !== 32) throw new PairingError('protocol', MESSAGES.protocol);
    const epoch = readU32(epochBytes!);
    const inviterName = checkDeviceName(decodeText(inviterNameBytes!));
    const netkey = signEntry(
      { kind: 'netkey', workspaceId: workspaceId!, device: identity.identityKey, epoch, noiseKey: identity.networkKeyPair(epoch).publicKey, at: Date.now() },
      identity.sign,
    );
    link.send(frame(T.request, identity.identityKey, utf8(name), netkey));

    const entries = await link.expect(T.welcome, undefined, WELCOME_MAX);
    // Check before trusting: the log must verify, name the same workspace, and contain us.
    const decoded = entries.map((bytes) => decodeEntry(bytes));
    if (decoded.some((entry) => !equalBytes(entry.workspaceId, workspaceId!))) throw new PairingError('protocol', MESSAGES.protocol);
    const state = computeState(decoded);
    if (orphansOf(decoded, state).length > 0) throw new PairingError('protocol', MESSAGES.protocol);
    const me = state.members.get(toHex(identity.identityKey));
    const inviter = state.members.get(toHex(inviterKey!));
    if (!me || me.removed || !inviter || inviter.removed) throw new PairingError('protocol', 'The other device did not add this device to its group.');
    if (options.membership) await options.membership.adopt(entries);
    link.send(frame(T.done));
    link.close();
    return { entries, workspaceId: workspaceId!, inviter: { name: inviterName, fingerprint: fingerprintOf(inviterKey!), deviceId: deviceIdOf(inviterKey!) } };
  } catch (error) {
    const failure = error instanceof PairingError ? error : new PairingError('protocol', (error as Error).message);
    link.abort(failure.code === 'protocol' ? 'protocol' : 'refused', failure.message);
    throw failure;
  }
}
