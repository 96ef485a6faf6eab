/**
 * Local key spaces (`sp/<name>/<key>`): derived data, cursors, app state. Never synced. Writes go
 * through the store's writer, so they are ordered with doc writes and share their batches.
 */
import type { KvBackend } from './backend';
import { SPACE_NAME_PATTERN, prefixEnd, spacePrefix } from './layout';
import type { StoreWriter } from './storeWriter';
import { StoreError, type KeyValueOp, type KeyValueSpace } from './types';

const PAGE = 500;
const MAX_KEY_CHARS = 1024;
const MAX_VALUE_BYTES = 16 * 1024 * 1024;

export function openSpace(name: string, backend: KvBackend, writer: StoreWriter, checkOpen: () => void): KeyValueSpace {
  if (typeof name !== 'string' || !SPACE_NAME_PATTERN.test(name)) {
    throw new StoreError('bad_doc_id', `${JSON.stringify(String(name))} is not a key space name (1–64 letters, digits, '.', '-' or '_').`);
  }
  const prefix = spacePrefix(name);
  const end = prefixEnd(prefix);
  const checkKey = (key: unknown): string => {
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_CHARS) {
      throw new StoreError('invalid_update', `A key in space ${name} must be a string of 1–${MAX_KEY_CHARS} characters.`);
    }
    return prefix + key;
  };

  return {
    async get(key) {
      checkOpen();
      return backend.get(checkKey(key));
    },
    async batch(ops: readonly KeyValueOp[]) {
      checkOpen();
      if (!Array.isArray(ops)) throw new StoreError('invalid_update', 'A batch is a list of operations.');
      const mapped = ops.map((op) => {
        if (op?.type === 'put') {
          if (!(op.value instanceof Uint8Array) || op.value.byteLength > MAX_VALUE_BYTES) {
            throw new StoreError('invalid_update', `The value for ${String(op.key)} in space ${name} must be bytes (at most 16 MiB).`);
          }
          return { type: 'put' as const, key: checkKey(op.key), value: new Uint8Array(op.value) };
        }
        if (op?.type === 'del') return { type: 'del' as const, key: checkKey(op.key) };
        throw new StoreError('invalid_update', `Unknown operation in a batch for space ${name}.`);
      });
      if (mapped.length > 0) await writer.writeOps(mapped);
    },
    entries(range = {}) {
      checkOpen();
      const lowerGt = range.gt !== undefined ? checkKey(range.gt) : undefined;
      const upper = range.lt !== undefined ? checkKey(range.lt) : end;
      const limit = range.limit ?? Infinity;
      return {
        async *[Symbol.asyncIterator]() {
          let after = lowerGt;
          let left = limit;
          // Paged so a large space never sits in memory whole.
          while (left > 0) {
            const rows = await backend.range({
              ...(after === undefined ? { gte: prefix } : { gt: after }),
              lt: upper,
              limit: Math.min(PAGE, left),
            });
            for (const [k, v] of rows) yield [k.slice(prefix.length), v] as [string, Uint8Array];
            left -= rows.length;
            if (rows.length < PAGE) return;
            after = (rows[rows.length - 1] as [string, Uint8Array])[0];
          }
        },
      };
    },
    async clear() {
      checkOpen();
      // In pages of deletes; a crash half-way leaves a partly cleared space, which a rebuild clears again.
      for (;;) {
        const rows = await backend.range({ gte: prefix, lt: end, limit: 2000 });
        if (rows.length === 0) return;
        await writer.writeOps(rows.map(([key]) => ({ type: 'del' as const, key })));
      }
    },
  };
}
