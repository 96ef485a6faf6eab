/**
 * One live connection per peer key, whichever path it came by.
 *
 * Duplicates happen when both devices dial at once, or one device reaches the other by the
 * internet and the LAN at the same moment. Both ends must keep the *same* stream, or each kills
 * the one the other kept. The rule (`chooseBetween`) only uses facts both ends see alike:
 *  - dialled by different sides: keep the one the lower public key initiated;
 *  - dialled twice by the same side: the dialler keeps the one that opened first for it (the
 *    existing one) and destroys the others; the answering side cannot know which that is (its
 *    open order may differ), so it destroys none of them: newcomers wait on standby. When the
 *    live stream closes (the dialler dropped it) the newest standby still open takes over; a
 *    standby the dialler dropped just leaves the list. If the live one and a standby are both
 *    still open `standbyMs` after the last arrival, the dialler evidently considers the old one
 *    dead (it re-dialled after a network change), so the old one goes.
 */
import type { Connection, PeerStream } from '../types';
import { compareKeys, fingerprint, toHex } from './keys';

export type Via = Connection['via'];
export type DuplicateChoice = 'keep_existing' | 'take_incoming' | 'standby';

export function chooseBetween(
  localKey: Uint8Array,
  remoteKey: Uint8Array,
  existingIsInitiator: boolean,
  incomingIsInitiator: boolean,
): DuplicateChoice {
  if (existingIsInitiator !== incomingIsInitiator) {
    const lowerIsLocal = compareKeys(localKey, remoteKey) < 0;
    return incomingIsInitiator === lowerIsLocal ? 'take_incoming' : 'keep_existing';
  }
  return incomingIsInitiator ? 'keep_existing' : 'standby';
}

export interface ConnectionTable {
  /** An allowed, opened stream: becomes the peer's connection, a standby, or is destroyed. */
  offer(stream: PeerStream, via: Via): void;
  connected(remoteHex: string): boolean;
  /** Destroys every stream (live or standby) whose remote key matches; returns how many. */
  destroyWhere(match: (remoteHex: string) => boolean, why: string): number;
  onLive(listener: (connection: Connection, remoteHex: string) => void): void;
  /** The peer has no connection left (not called when a standby takes over). */
  onLost(listener: (remoteHex: string, via: Via) => void): void;
  closeAll(): Promise<void>;
}

interface Held {
  stream: PeerStream;
  via: Via;
}

export function createConnectionTable(opts: {
  localKey: Uint8Array;
  log: (line: string) => void;
  standbyMs?: number;
}): ConnectionTable {
  const standbyMs = opts.standbyMs ?? 2000;
  const live = new Map<string, Held>();
  const standby = new Map<string, { held: Held[]; timer?: NodeJS.Timeout }>();
  const open = new Set<PeerStream>();
  const liveListeners: Array<(c: Connection, hex: string) => void> = [];
  const lostListeners: Array<(hex: string, via: Via) => void> = [];
  let closing = false;

  function makeLive(hex: string, held: Held): void {
    live.set(hex, { stream: held.stream, via: held.via });
    for (const listener of liveListeners) {
      try {
        listener({ stream: held.stream, via: held.via }, hex);
      } catch (err) {
        opts.log(`transport: a connection listener threw: ${(err as Error).message}`);
      }
    }
  }

  /** Ends the standby list of a peer; returns the newest standby still open, if any. */
  function clearStandby(hex: string): Held | undefined {
    const list = standby.get(hex);
    if (list?.timer) clearTimeout(list.timer);
    standby.delete(hex);
    const alive = (list?.held ?? []).filter((h) => !isClosing(h.stream));
    const next = alive.pop();
    for (const rest of alive) rest.stream.destroy();
    return next;
  }

  function onClose(hex: string, stream: PeerStream): void {
    open.delete(stream);
    const current = live.get(hex);
    if (current?.stream === stream) {
      live.delete(hex);
      const next = clearStandby(hex);
      if (next && !closing) makeLive(hex, next);
      else if (!closing) for (const listener of lostListeners) listener(hex, current.via);
      return;
    }
    const list = standby.get(hex);
    if (list) {
      list.held = list.held.filter((h) => h.stream !== stream);
      if (list.held.length === 0) clearStandby(hex);
    }
  }

  return {
    offer(stream, via) {
      const hex = toHex(stream.remotePublicKey);
      if (closing || isClosing(stream)) {
        stream.destroy();
        return;
      }
      open.add(stream);
      stream.once('close', () => onClose(hex, stream));
      const existing = live.get(hex);
      if (!existing) return makeLive(hex, { stream, via });

      const choice = chooseBetween(stream.publicKey, stream.remotePublicKey, existing.stream.isInitiator, stream.isInitiator);
      const what = `${fingerprint(hex)} (${existing.via} open, ${via} new)`;
      if (choice === 'keep_existing') {
        opts.log(`transport: duplicate connection to ${what}: keeping the open one`);
        stream.destroy();
      } else if (choice === 'take_incoming') {
        opts.log(`transport: duplicate connection to ${what}: keeping the one the lower key dialled`);
        live.delete(hex); // so its close neither promotes a standby nor reports the peer lost
        existing.stream.destroy();
        makeLive(hex, { stream, via });
      } else {
        const list = standby.get(hex) ?? { held: [] };
        list.held.push({ stream, via });
        if (list.timer) clearTimeout(list.timer);
        list.timer = setTimeout(() => {
          if (standby.get(hex) !== list) return;
          const next = clearStandby(hex);
          if (!next) return;
          opts.log(`transport: ${fingerprint(hex)} re-dialled while its old connection looked open: replacing it`);
          const old = live.get(hex);
          live.delete(hex);
          old?.stream.destroy();
          makeLive(hex, next);
        }, standbyMs);
        list.timer.unref();
        standby.set(hex, list);
      }
    },
    connected(hex) {
      return live.has(hex);
    },
    destroyWhere(match, why) {
      let count = 0;
      for (const stream of [...open]) {
        const hex = toHex(stream.remotePublicKey);
        if (!match(hex)) continue;
        opts.log(`transport: closing the connection to ${fingerprint(hex)}: ${why}`);
        stream.destroy();
        count++;
      }
      return count;
    },
    onLive(listener) {
      liveListeners.push(listener);
    },
    onLost(listener) {
      lostListeners.push(listener);
    },
    async closeAll() {
      closing = true;
      for (const hex of [...standby.keys()]) clearStandby(hex);
      const pending = [...open].map((stream) => closed(stream));
      for (const stream of open) stream.destroy();
      await Promise.all(pending);
    },
  };
}

/** Resolves once a (streamx) stream has emitted 'close'. */
export function closed(stream: { destroyed: boolean; once(event: 'close', fn: () => void): unknown }): Promise<void> {
  if (stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}

/** streamx sets `destroying` as soon as destroy() is called, `destroyed` only at 'close'. */
export function isClosing(stream: { destroyed: boolean }): boolean {
  return stream.destroyed || (stream as { destroying?: boolean }).destroying === true;
}
