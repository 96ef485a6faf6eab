/** The reflective questions a new conversation note offers (switchable off in settings). */
export const LISTENING_PROMPTS = [
  'What did I learn about them?',
  'What are they excited or worried about?',
  'Is there a way I could help?',
  'What to ask next time?',
] as const;

const normalized = new Set(LISTENING_PROMPTS.map((p) => normalizePrompt(p)));

export function normalizePrompt(s: string): string {
  return s.toLowerCase().replace(/[?:.!]+\s*$/, '').trim();
}

export function isListeningPrompt(text: string): boolean {
  return normalized.has(normalizePrompt(text));
}
