/**
 * The OS shortcut registry is mocked: a machine without Electron (and without a desktop
 * session) has no `globalShortcut`. The fake behaves like Electron's: register() is false for
 * accelerators another app owns, isRegistered() is false for those, a press calls the callback
 * of whoever registered the keys.
 */
import { describe, expect, it } from 'vitest';
import { createHotkeyManager, waylandShortcutHelp } from './hotkey';
import type { HotkeyResult, ShortcutRegistry } from './hotkey';

class FakeRegistry implements ShortcutRegistry {
  readonly owned = new Map<string, () => void>();
  /** Accelerators "another app" holds. */
  readonly taken: Set<string>;
  /** Every register() attempt, in order. */
  readonly attempts: string[] = [];
  constructor(taken: string[] = []) {
    this.taken = new Set(taken);
  }
  register(acc: string, cb: () => void): boolean {
    this.attempts.push(acc);
    if (this.taken.has(acc) || this.owned.has(acc)) return false;
    this.owned.set(acc, cb);
    return true;
  }
  unregister(acc: string): void {
    this.owned.delete(acc);
  }
  isRegistered(acc: string): boolean {
    return this.owned.has(acc);
  }
  press(acc: string): void {
    this.owned.get(acc)?.();
  }
}

function setup(options: { taken?: string[]; platform?: string; isWayland?: boolean; desktop?: string } = {}) {
  const registry = new FakeRegistry(options.taken);
  let pressed = 0;
  const manager = createHotkeyManager({
    shortcuts: registry,
    onPressed: () => pressed++,
    platform: options.platform ?? 'linux',
    isWayland: options.isWayland ?? false,
    desktop: options.desktop,
  });
  return { registry, manager, pressed: () => pressed };
}

const state = (r: HotkeyResult): string => r.state;

describe('hotkey manager', () => {
  it('registers the default and calls onPressed on a press', () => {
    const { registry, manager, pressed } = setup();
    const r = manager.apply('CommandOrControl+Shift+Space');
    expect(r).toEqual({ state: 'registered', accelerator: 'CommandOrControl+Shift+Space', display: 'Ctrl+Shift+Space', verified: true, message: '' });
    registry.press('CommandOrControl+Shift+Space');
    expect(pressed()).toBe(1);
    expect(manager.current()).toBe('CommandOrControl+Shift+Space');
  });

  it('a refused shortcut keeps the previous one and suggests alternatives that were free', () => {
    const { registry, manager, pressed } = setup({ taken: ['CommandOrControl+Alt+K', 'CommandOrControl+Alt+Space'] });
    manager.apply('CommandOrControl+Shift+Space');
    const r = manager.apply('ctrl+alt+k');
    expect(state(r)).toBe('refused');
    if (r.state !== 'refused') return;
    expect(r.accelerator).toBe('CommandOrControl+Alt+K');
    // Suggestions skip the active one and the taken ones, and were each really tried.
    expect(r.suggestions).toEqual(['CommandOrControl+Alt+Shift+Space', 'CommandOrControl+Alt+N', 'Alt+Shift+Space']);
    expect(registry.attempts).toContain('CommandOrControl+Alt+Shift+Space');
    expect(r.message).toBe('Ctrl+Alt+K is taken by another app or by the system, so Kindred cannot use it. Try Ctrl+Alt+Shift+Space, Ctrl+Alt+N, Alt+Shift+Space.');
    // Probing left nothing behind, and the previous shortcut still works.
    expect([...registry.owned.keys()]).toEqual(['CommandOrControl+Shift+Space']);
    expect(manager.current()).toBe('CommandOrControl+Shift+Space');
    registry.press('CommandOrControl+Shift+Space');
    expect(pressed()).toBe(1);
    expect(manager.status()).toBe(r);
  });

  it('says so when no alternative is free either', () => {
    const everything = ['CommandOrControl+Shift+Space', 'CommandOrControl+Alt+Space', 'CommandOrControl+Alt+Shift+Space', 'CommandOrControl+Alt+K', 'CommandOrControl+Alt+N', 'Alt+Shift+Space', 'CommandOrControl+Alt+J'];
    const { manager, registry } = setup({ taken: everything });
    const r = manager.apply('Ctrl+Alt+J');
    expect(r).toMatchObject({ state: 'refused', suggestions: [] });
    expect((r as { message: string }).message).toContain('Try another combination.');
    expect(manager.current()).toBeNull();
    expect(registry.owned.size).toBe(0);
  });

  it('changes A→B by registering B first, then releasing A', () => {
    const { registry, manager, pressed } = setup();
    manager.apply('CommandOrControl+Shift+Space');
    const order: string[] = [];
    const unregister = registry.unregister.bind(registry);
    registry.unregister = (acc) => {
      order.push(`unregister ${acc} (B owned: ${registry.owned.has('Alt+Shift+J')})`);
      unregister(acc);
    };
    expect(state(manager.apply('Alt+Shift+J'))).toBe('registered');
    expect(order).toEqual(['unregister CommandOrControl+Shift+Space (B owned: true)']);
    registry.press('CommandOrControl+Shift+Space');
    registry.press('Alt+Shift+J');
    expect(pressed()).toBe(1);
  });

  it('invalid text changes nothing and explains', () => {
    const { registry, manager } = setup();
    manager.apply('CommandOrControl+Shift+Space');
    expect(manager.apply('Shift+')).toEqual({ state: 'invalid', message: '“Shift+” needs a key after the plus.' });
    expect([...registry.owned.keys()]).toEqual(['CommandOrControl+Shift+Space']);
  });

  it('applying the same shortcut again is idempotent; one lost behind its back is re-registered', () => {
    const { registry, manager } = setup();
    manager.apply('CommandOrControl+Shift+Space');
    expect(state(manager.apply('CmdOrCtrl+Shift+Space'))).toBe('registered');
    registry.owned.clear(); // e.g. another app's unregisterAll
    expect(state(manager.apply('CommandOrControl+Shift+Space'))).toBe('registered');
    expect(registry.isRegistered('CommandOrControl+Shift+Space')).toBe(true);
  });

  it('treats a throwing register() (Electron: unparseable accelerator) as refused', () => {
    const { registry, manager } = setup();
    registry.register = () => {
      throw new Error('conversion failure');
    };
    expect(state(manager.apply('Ctrl+Alt+J'))).toBe('refused');
  });

  it('test press: swaps the candidate in, reports the press, restores the previous on cancel', () => {
    const { registry, manager, pressed } = setup();
    manager.apply('CommandOrControl+Shift+Space');
    let tested = 0;
    expect(state(manager.startTest('Ctrl+Alt+J', () => tested++))).toBe('registered');
    // While testing, capture's own shortcut is released so the same keys reach the test.
    expect(registry.isRegistered('CommandOrControl+Shift+Space')).toBe(false);
    registry.press('CommandOrControl+Alt+J');
    expect([tested, pressed()]).toEqual([1, 0]);
    manager.stopTest();
    expect([...registry.owned.keys()]).toEqual(['CommandOrControl+Shift+Space']);
    registry.press('CommandOrControl+Shift+Space');
    expect(pressed()).toBe(1);
  });

  it('test of the current shortcut itself, then committing it', () => {
    const { registry, manager, pressed } = setup();
    manager.apply('CommandOrControl+Shift+Space');
    let tested = 0;
    manager.startTest('CommandOrControl+Shift+Space', () => tested++);
    registry.press('CommandOrControl+Shift+Space');
    expect([tested, pressed()]).toEqual([1, 0]);
    expect(state(manager.apply('Alt+Shift+J'))).toBe('registered'); // apply ends the test
    expect([...registry.owned.keys()].sort()).toEqual(['Alt+Shift+J']);
  });

  it('reports it when another app takes the previous shortcut during a test', () => {
    const { registry, manager } = setup();
    manager.apply('CommandOrControl+Shift+Space');
    manager.startTest('Alt+Shift+J', () => undefined);
    registry.taken.add('CommandOrControl+Shift+Space');
    manager.stopTest();
    expect(manager.current()).toBeNull();
    expect(manager.status()).toMatchObject({ state: 'refused', accelerator: 'CommandOrControl+Shift+Space' });
    expect(registry.owned.size).toBe(0);
  });

  it('a refused test restores the previous shortcut at once', () => {
    const { registry, manager } = setup({ taken: ['CommandOrControl+Alt+J'] });
    manager.apply('CommandOrControl+Shift+Space');
    const r = manager.startTest('Ctrl+Alt+J', () => undefined);
    expect(r.state).toBe('refused');
    expect([...registry.owned.keys()]).toEqual(['CommandOrControl+Shift+Space']);
    expect(manager.startTest('nonsense', () => undefined).state).toBe('invalid');
  });

  it('on Wayland a registration is unverified until a test press is seen, with the desktop’s own instructions', () => {
    const { registry, manager } = setup({ isWayland: true, desktop: 'ubuntu:GNOME' });
    const first = manager.apply('CommandOrControl+Shift+Space');
    expect(first).toMatchObject({ state: 'registered', verified: false });
    expect((first as { message: string }).message).toBe(
      'Press Ctrl+Shift+Space once to check it works. On Wayland, apps cannot always claim a global shortcut. If pressing it does nothing, open GNOME Settings → Keyboard → Custom Shortcuts, add a shortcut with the command kindred --capture and press your keys.',
    );
    manager.startTest('CommandOrControl+Shift+Space', () => undefined);
    registry.press('CommandOrControl+Shift+Space');
    expect(manager.apply('CommandOrControl+Shift+Space')).toMatchObject({ state: 'registered', verified: true, message: '' });
  });

  it('refuses shortcuts the OS keeps for itself even when register() would say yes', () => {
    const mac = setup({ platform: 'darwin' });
    mac.manager.apply('CommandOrControl+Shift+Space');
    const r = mac.manager.apply('Cmd+Space');
    expect(r).toMatchObject({ state: 'refused', accelerator: 'Command+Space' });
    expect((r as { message: string }).message).toBe('⌘Space opens Spotlight, so Kindred cannot use it. Try ⌃⇧Space, ⌥⇧⌘Space, ⌃⌥K.');
    expect(mac.registry.attempts).not.toContain('Command+Space');
    expect(mac.manager.current()).toBe('CommandOrControl+Shift+Space');
    const win = setup({ platform: 'win32' });
    expect(win.manager.apply('Win+L').state).toBe('invalid'); // "Win" is a label, not a spelling
    expect(win.manager.apply('Super+L')).toMatchObject({ state: 'refused' });
    expect(win.manager.startTest('Super+Space', () => undefined)).toMatchObject({ state: 'refused' });
    expect(win.registry.owned.size).toBe(0);
  });

  it('allows a common input-method toggle but says what it may clash with', () => {
    const { manager } = setup({ platform: 'linux' });
    expect(manager.apply('Ctrl+Space')).toEqual({
      state: 'registered',
      accelerator: 'CommandOrControl+Space',
      display: 'Ctrl+Space',
      verified: true,
      message: 'Ctrl+Space switches the input method (IME) for many people; if you use it for that, choose another.',
    });
  });

  it('names each desktop’s settings screen', () => {
    expect(waylandShortcutHelp('KDE')).toContain('KDE System Settings → Shortcuts → Custom Shortcuts');
    expect(waylandShortcutHelp('GNOME')).toContain('GNOME Settings → Keyboard → Custom Shortcuts');
    expect(waylandShortcutHelp('sway')).toContain("your desktop's keyboard settings that runs the command kindred --capture");
    expect(waylandShortcutHelp(undefined)).toContain('kindred --capture');
  });

  it('dispose releases everything it registered', () => {
    const { registry, manager } = setup();
    manager.apply('CommandOrControl+Shift+Space');
    manager.startTest('Alt+Shift+J', () => undefined);
    manager.dispose();
    expect(registry.owned.size).toBe(0);
    expect(manager.current()).toBeNull();
  });
});
