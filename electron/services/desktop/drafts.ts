import { readFile, rm } from 'node:fs/promises';
import { z } from 'zod';
import { fileSize, moveAside, writeFileAtomic } from './atomicFile';

/**
 * The capture window's draft on disk, so Esc, a crash or a restart never loses what was typed.
 * One file (`<userData>/capture-draft.json`, mode 0600: it holds private text). Saves are
 * atomic and run one at a time in call order, so when saves overlap the last one called is
 * what ends on disk; debouncing keystrokes is the caller's job. A damaged or unreadable file is
 * moved aside as `<file>.corrupt-<time>` (kept, never deleted) and load() gives null: the user
 * sees an empty capture window, never an error.
 */
export const MAX_DRAFT_BYTES = 2 * 1024 * 1024;

export interface CaptureDraft {
  version: 1;
  /** The editor state as Lexical JSON. */
  editorState: string;
  mode: 'note' | 'today';
  /** ms since the epoch. */
  updatedAt: number;
}

const draftSchema = z.strictObject({
  version: z.literal(1),
  editorState: z.string(),
  mode: z.enum(['note', 'today']),
  updatedAt: z.number().int().nonnegative(),
});

export interface DraftStore {
  load(): Promise<CaptureDraft | null>;
  /** Rejects (and writes nothing) when the draft is malformed or its file would exceed 2 MB. */
  save(draft: CaptureDraft): Promise<void>;
  clear(): Promise<void>;
}

export interface DraftStoreOptions {
  /** Clock for the `.corrupt-<time>` suffix (tests). */
  now?: () => number;
}

export function createDraftStore(file: string, options: DraftStoreOptions = {}): DraftStore {
  const now = options.now ?? Date.now;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  async function read(): Promise<CaptureDraft | null> {
    const size = await fileSize(file);
    if (size === null) return null;
    let text: string;
    try {
      if (size > MAX_DRAFT_BYTES) throw new Error('too large');
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      await moveAside(file, now());
      return null;
    }
    try {
      return draftSchema.parse(JSON.parse(text));
    } catch {
      await moveAside(file, now());
      return null;
    }
  }

  return {
    load: () => serial(read),
    save(draft) {
      const parsed = draftSchema.safeParse(draft);
      if (!parsed.success) return Promise.reject(new Error('The draft is malformed and was not saved.'));
      const text = JSON.stringify(parsed.data);
      // The limit is on the file (bytes), the same check load() applies, so what is kept can be read back.
      if (Buffer.byteLength(text, 'utf8') > MAX_DRAFT_BYTES) {
        return Promise.reject(new Error('The draft is larger than 2 MB and cannot be kept.'));
      }
      return serial(() => writeFileAtomic(file, text, 0o600));
    },
    clear: () => serial(() => rm(file, { force: true })),
  };
}
