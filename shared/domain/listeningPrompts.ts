/** The reflective questions a new conversation note offers (switchable off in settings). */
export const LISTENING_PROMPTS = [
  'What did I learn about them?',
  'What are they excited or worried about?',
  'Is there a way I could help?',
  'What to ask next time?',
] as const;

const normalized = new Set(LISTENING_PROMPTS.map((p) => normalizePrompt(p)));

/** Longer than any prompt (with room for trailing punctuation): cannot be one. */
const LONGEST_PROMPT = Math.max(...LISTENING_PROMPTS.map((p) => p.length)) + 20;

/**
 * Lower-cased, without the trailing punctuation. A loop, not `/[?:.!]+\s*$/`: that pattern
 * retries from every "?" of a long run ("????…x") and took seconds on 50,000 of them.
 */
export function normalizePrompt(s: string): string {
  let end = s.length;
  while (end > 0 && /\s/.test(s[end - 1]!)) end--;
  const beforeMarks = end;
  while (end > 0 && '?:.!'.includes(s[end - 1]!)) end--;
  if (end === beforeMarks) end = s.length; // no marks: keep as typed (trim below)
  return s.slice(0, end).toLowerCase().trim();
}

export function isListeningPrompt(text: string): boolean {
  if (text.length > LONGEST_PROMPT) return false;
  return normalized.has(normalizePrompt(text));
}
