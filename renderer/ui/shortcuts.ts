/** How to write a shortcut on this platform: ⌘ on macOS, Ctrl elsewhere. */
export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function shortcut(keys: string): string {
  return IS_MAC ? keys.replace(/Ctrl\+/g, '⌘').replace(/Shift\+/g, '⇧') : keys;
}

/** The parts of a KeyboardEvent the matchers read (pure, so they can be tested without a DOM). */
export interface KeyLike {
  key: string;
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

/**
 * Alt+←/→ goes back/forward — except on macOS while typing in a field or the editor, where
 * Option+←/→ moves the caret by word and must be left alone. (Elsewhere Alt+←/→ is the
 * platform's own back/forward and does nothing else in a text field.)
 */
export function historyShortcut(e: KeyLike, where: { mac: boolean; editing: boolean }): 'back' | 'forward' | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  if (where.mac && where.editing) return null;
  if (e.key === 'ArrowLeft') return 'back';
  if (e.key === 'ArrowRight') return 'forward';
  return null;
}

/**
 * Alt+A, "talked about, not with". Matched on the physical key: on macOS Option+A types "å", so
 * `e.key` is "å" there (and other letters on other layouts); `e.code` is "KeyA" everywhere.
 */
export function isTalkedAboutShortcut(e: KeyLike): boolean {
  return e.altKey && !e.ctrlKey && !e.metaKey && (e.code === 'KeyA' || e.key.toLowerCase() === 'a');
}

/** Whether keys typed at `target` edit text (an input, a textarea, a select or contenteditable). */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (typeof Element === 'undefined' || !(target instanceof Element)) return false;
  if (target.closest('[contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]')) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(type);
}
