import { describe, expect, it } from 'vitest';
import { historyShortcut, isTalkedAboutShortcut, type KeyLike } from './shortcuts';

const key = (k: string, code: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k, code, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods,
});

describe('historyShortcut', () => {
  const left = key('ArrowLeft', 'ArrowLeft', { altKey: true });
  const right = key('ArrowRight', 'ArrowRight', { altKey: true });

  it('goes back/forward with Alt+←/→ outside text fields, on every platform', () => {
    for (const mac of [true, false]) {
      expect(historyShortcut(left, { mac, editing: false })).toBe('back');
      expect(historyShortcut(right, { mac, editing: false })).toBe('forward');
    }
  });

  it('leaves Option+←/→ to move by word while typing on macOS', () => {
    expect(historyShortcut(left, { mac: true, editing: true })).toBeNull();
    expect(historyShortcut(right, { mac: true, editing: true })).toBeNull();
    // Elsewhere Alt+←/→ in a field is the platform's back/forward, not a caret move.
    expect(historyShortcut(left, { mac: false, editing: true })).toBe('back');
  });

  it('ignores other keys and other modifier combinations', () => {
    expect(historyShortcut(key('ArrowLeft', 'ArrowLeft'), { mac: false, editing: false })).toBeNull();
    expect(historyShortcut(key('ArrowLeft', 'ArrowLeft', { altKey: true, shiftKey: true }), { mac: false, editing: false })).toBeNull();
    expect(historyShortcut(key('ArrowLeft', 'ArrowLeft', { altKey: true, metaKey: true }), { mac: false, editing: false })).toBeNull();
    expect(historyShortcut(key('ArrowUp', 'ArrowUp', { altKey: true }), { mac: false, editing: false })).toBeNull();
  });
});

describe('isTalkedAboutShortcut', () => {
  it('matches Alt+A by key on Windows/Linux and by physical key on macOS, where Option+A types "å"', () => {
    expect(isTalkedAboutShortcut(key('a', 'KeyA', { altKey: true }))).toBe(true);
    expect(isTalkedAboutShortcut(key('A', 'KeyA', { altKey: true, shiftKey: true }))).toBe(true);
    expect(isTalkedAboutShortcut(key('å', 'KeyA', { altKey: true }))).toBe(true);
  });

  it('does not match without Alt, with Ctrl/⌘, or another key', () => {
    expect(isTalkedAboutShortcut(key('a', 'KeyA'))).toBe(false);
    expect(isTalkedAboutShortcut(key('a', 'KeyA', { altKey: true, ctrlKey: true }))).toBe(false);
    expect(isTalkedAboutShortcut(key('å', 'KeyA', { altKey: true, metaKey: true }))).toBe(false);
    expect(isTalkedAboutShortcut(key('∫', 'KeyB', { altKey: true }))).toBe(false);
  });
});
