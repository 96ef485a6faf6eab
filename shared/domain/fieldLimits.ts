/**
 * How long each field a user types may be, and the few pure helpers that enforce it.
 *
 * Why limits at all: every field is re-read by lists, search, notifications and (for names)
 * every mention chip. A pasted megabyte in a name would be copied into all of them, and any
 * pattern run over it costs time on the typing path. The limits are generous for real use
 * (a name of 200 characters, a date label of 100) and are enforced here — in the pure domain
 * module every writer goes through — and again in the inputs (maxLength), where the user is
 * told when pasted text was cut.
 */

export const FIELD_LIMITS = {
  /** A person's name. */
  name: 200,
  /** What is typed into the important-date box: a label and a date ("birthday Mar 14"). */
  dateInput: 200,
  /** The label of an important date once the date is read off its end. */
  dateLabel: 100,
  /** Place or context of a conversation. */
  place: 200,
  /** One interest tag. */
  interest: 60,
  /** How we met. */
  howWeMet: 2_000,
  /** A search or quick-switcher query: no one types more; parsing it stays cheap. */
  query: 500,
  /** Why two people should meet (an introduction). */
  introductionWhy: 500,
} as const;

export type LimitedField = keyof typeof FIELD_LIMITS;

/** The longest excerpt of user text an error message quotes. */
export const EXCERPT_CHARS = 60;

/**
 * At most `max` characters of `text` for quoting in a message: longer text is cut and ends
 * with "…". Never splits a surrogate pair (an emoji is kept whole or dropped).
 */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // a high surrogate whose pair would be cut
  return `${text.slice(0, end)}…`;
}

/** `text` cut to the field's limit (surrogate-safe), and whether anything was cut. */
export function limitField(field: LimitedField, text: string): { value: string; cut: boolean } {
  const max = FIELD_LIMITS[field];
  if (text.length <= max) return { value: text, cut: false };
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { value: text.slice(0, end), cut: true };
}

/** Explicit bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO): never kept in a name. */
const EMBEDDINGS = /[\u202A-\u202E]/g;

/**
 * Removes the bidi controls that let a name reorder the text around it: every explicit
 * embedding/override (U+202A–U+202E), and isolates (U+2066–U+2069) that are not properly
 * paired. A paired isolate (LRI/RLI/FSI … PDI) only affects its own content, so it is kept:
 * someone may need it to write their name. Linear in the length of the name.
 */
export function stripBidiControls(text: string): string {
  const noEmbeddings = text.replace(EMBEDDINGS, '');
  if (!/[\u2066-\u2069]/.test(noEmbeddings)) return noEmbeddings;
  // Pair each PDI (U+2069) with the latest open isolate; drop what stays unpaired.
  const keep = new Array<boolean>(noEmbeddings.length).fill(true);
  const open: number[] = [];
  for (let i = 0; i < noEmbeddings.length; i++) {
    const c = noEmbeddings.charCodeAt(i);
    if (c >= 0x2066 && c <= 0x2068) {
      open.push(i);
      keep[i] = false; // kept only once its PDI is found
    } else if (c === 0x2069) {
      const start = open.pop();
      if (start === undefined) keep[i] = false;
      else keep[start] = true;
    }
  }
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i <= noEmbeddings.length; i++) {
    if (i < noEmbeddings.length && keep[i]) continue;
    if (i > from) out.push(noEmbeddings.slice(from, i));
    from = i + 1;
  }
  return out.join('');
}

/** A name as saved: bidi overrides stripped, whitespace collapsed, trimmed, at most 200 characters. */
export function normalizeName(name: string): string {
  const clean = stripBidiControls(name).replace(/\s+/g, ' ').trim();
  return limitField('name', clean).value.trim();
}
