/** How to write a shortcut on this platform: ⌘ on macOS, Ctrl elsewhere. */
export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function shortcut(keys: string): string {
  return IS_MAC ? keys.replace(/Ctrl\+/g, '⌘').replace(/Shift\+/g, '⇧') : keys;
}
