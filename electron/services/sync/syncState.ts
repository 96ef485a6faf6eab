import type { KeyValueSpace } from '../store/types';

/**
 * What sync keeps about itself in the store's local `sync` space (never synced, never in a
 * window): the membership log's entries, this device's name before it joins a workspace, and
 * per paired device when it was last seen and last up to date (so "Offline since 14:02" survives
 * a restart). Cursors live in the same space under `cursor/` (protocol/cursorBook).
 */
export interface PeerRecord {
  lastSeenAt: number | null;
  lastSyncedAt: number | null;
}

export interface MembershipPersistence {
  load(): Promise<Uint8Array[]>;
  append(entries: Uint8Array[]): Promise<void>;
}

export interface SyncState {
  name(): string | null;
  setName(name: string): Promise<void>;
  paused(): boolean;
  setPaused(paused: boolean): Promise<void>;
  peer(deviceId: string): PeerRecord;
  savePeer(deviceId: string, record: PeerRecord): Promise<void>;
  membershipStore: MembershipPersistence;
}

const MEMBER_PREFIX = 'member/';
const PEER_PREFIX = 'peer/';
const NAME_KEY = 'device-name';
const PAUSED_KEY = 'paused';

const text = new TextEncoder();
const untext = new TextDecoder();

function entryKey(entry: Uint8Array): string {
  // FNV-1a over the bytes is enough to spread keys; equality is decided by the bytes themselves.
  let h = 0x811c9dc5;
  for (const b of entry) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return `${MEMBER_PREFIX}${h.toString(16).padStart(8, '0')}-${entry.length}`;
}

export async function createSyncState(space: KeyValueSpace): Promise<SyncState> {
  const nameBytes = await space.get(NAME_KEY);
  let name = nameBytes ? untext.decode(nameBytes) : null;
  let paused = (await space.get(PAUSED_KEY))?.[0] === 1;
  const peers = new Map<string, PeerRecord>();
  for await (const [key, value] of space.entries({ gt: PEER_PREFIX, lt: `${PEER_PREFIX}\uffff` })) {
    try {
      const parsed = JSON.parse(untext.decode(value)) as Partial<PeerRecord>;
      peers.set(key.slice(PEER_PREFIX.length), {
        lastSeenAt: typeof parsed.lastSeenAt === 'number' ? parsed.lastSeenAt : null,
        lastSyncedAt: typeof parsed.lastSyncedAt === 'number' ? parsed.lastSyncedAt : null,
      });
    } catch {
      // A damaged record only costs "last seen"; it is rewritten at the next session.
    }
  }
  return {
    name: () => name,
    async setName(next) {
      await space.batch([{ type: 'put', key: NAME_KEY, value: text.encode(next) }]);
      name = next;
    },
    paused: () => paused,
    async setPaused(next) {
      await space.batch([{ type: 'put', key: PAUSED_KEY, value: new Uint8Array([next ? 1 : 0]) }]);
      paused = next;
    },
    peer: (deviceId) => peers.get(deviceId) ?? { lastSeenAt: null, lastSyncedAt: null },
    async savePeer(deviceId, record) {
      peers.set(deviceId, record);
      await space.batch([{ type: 'put', key: `${PEER_PREFIX}${deviceId}`, value: text.encode(JSON.stringify(record)) }]);
    },
    membershipStore: {
      async load() {
        const out: Uint8Array[] = [];
        for await (const [, value] of space.entries({ gt: MEMBER_PREFIX, lt: `${MEMBER_PREFIX}\uffff` })) out.push(value);
        return out;
      },
      async append(entries) {
        if (entries.length === 0) return;
        // Same key for the same bytes: appending an entry twice stores it once. Two different
        // entries with the same key would overwrite each other, so a clash gets a suffix.
        const ops: { type: 'put'; key: string; value: Uint8Array }[] = [];
        for (const entry of entries) {
          let key = entryKey(entry);
          for (let i = 1; ; i++) {
            const existing = await space.get(key);
            if (!existing || sameBytes(existing, entry)) break;
            key = `${entryKey(entry)}~${i}`;
          }
          ops.push({ type: 'put', key, value: entry });
        }
        await space.batch(ops);
      },
    },
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
