/** Random ids, url-safe, 16 chars (~95 bits): unique across devices without coordination. */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function randomId(length = 16): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/**
 * A day's journal entry has a deterministic id so two devices that both open "today" write
 * to the same doc, which Yjs then merges, instead of creating two entries for one day.
 * Emptying a day's entry from Trash is final (trashState.ts), so the day's next entry is a new
 * generation with its own id (`day-2026-11-30_2`): as deterministic, so devices still agree
 * (see currentJournalPageId in workspace.ts).
 */
export function journalPageId(date: string, generation = 1): string {
  return generation <= 1 ? `day-${date}` : `day-${date}_${generation}`;
}

const JOURNAL_ID = /^day-(\d{4}-\d{2}-\d{2})(?:_([2-9]|[1-9]\d+))?$/;

/** The date of a day's journal entry id (any generation), or null for any other page. */
export function journalDateOf(pageId: string): string | null {
  return JOURNAL_ID.exec(pageId)?.[1] ?? null;
}

export function newPersonId(): string {
  return `person-${randomId()}`;
}

export function newConversationId(): string {
  return `note-${randomId()}`;
}
