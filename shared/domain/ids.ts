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
 */
export function journalPageId(date: string): string {
  return `day-${date}`;
}

export function newPersonId(): string {
  return `person-${randomId()}`;
}

export function newConversationId(): string {
  return `note-${randomId()}`;
}
