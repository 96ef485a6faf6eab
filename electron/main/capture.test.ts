import { describe, expect, it, vi } from 'vitest';
import { captureWindowTraits } from '../services/desktop/mainCaptureWindow';

/**
 * Electron is mocked: this machine has no Electron binary (see TOOLCHAIN.md). What is checked is
 * what the app asks Electron for — the capture window's security settings and its show path —
 * recorded by a fake BrowserWindow.
 */
interface FakeWin {
  options: Record<string, unknown>;
  calls: string[];
  visible: boolean;
  focused: boolean;
  bounds: unknown;
  sent: unknown[][];
  handlers: Map<string, (...args: unknown[]) => void>;
}
const created: FakeWin[] = [];

vi.mock('electron', () => {
  class BrowserWindow {
    readonly webContents: Record<string, unknown>;
    readonly rec: FakeWin;
    constructor(options: Record<string, unknown>) {
      this.rec = { options, calls: [], visible: false, focused: false, bounds: null, sent: [], handlers: new Map() };
      created.push(this.rec);
      const rec = this.rec;
      this.webContents = {
        id: 100 + created.length,
        session: { setSpellCheckerEnabled: () => undefined, setSpellCheckerDictionaryDownloadURL: () => undefined },
        on: (event: string, handler: (...args: unknown[]) => void) => rec.handlers.set(`contents:${event}`, handler),
        isDestroyed: () => false,
        isCrashed: () => false,
        send: (...args: unknown[]) => {
          rec.calls.push('send');
          rec.sent.push(args);
        },
      };
    }
    on(event: string, handler: (...args: unknown[]) => void): this {
      this.rec.handlers.set(event, handler);
      return this;
    }
    once(): this {
      return this;
    }
    removeMenu(): void {
      this.rec.calls.push('removeMenu');
    }
    loadURL(url: string): Promise<void> {
      this.rec.calls.push(`load ${url}`);
      return Promise.resolve();
    }
    isDestroyed(): boolean {
      return false;
    }
    isVisible(): boolean {
      return this.rec.visible;
    }
    isFocused(): boolean {
      return this.rec.focused;
    }
    setBounds(bounds: unknown): void {
      this.rec.calls.push('setBounds');
      this.rec.bounds = bounds;
    }
    show(): void {
      this.rec.calls.push('show');
      this.rec.visible = true;
      this.rec.focused = true;
    }
    focus(): void {
      this.rec.calls.push('focus');
    }
    hide(): void {
      this.rec.calls.push('hide');
      this.rec.visible = false;
      this.rec.focused = false;
    }
    close(): void {
      this.rec.calls.push('close');
    }
  }
  const display = { id: 7, bounds: { x: -1920, y: 0, width: 1920, height: 1080 }, workArea: { x: -1920, y: 0, width: 1920, height: 1040 }, scaleFactor: 1 };
  return {
    app: { getAppPath: () => '/nonexistent-app-path' },
    BrowserWindow,
    nativeTheme: { shouldUseDarkColors: true },
    screen: { getCursorScreenPoint: () => ({ x: -100, y: 500 }), getAllDisplays: () => [display] },
    ipcMain: { handle: () => undefined },
  };
});

const { createCaptureWindow } = await import('./capture');
const { findAppWindow, isAppWebContents } = await import('./window');

function make(platform: NodeJS.Platform = 'linux', server: 'x11' | 'wayland' | 'not-linux' = 'x11', quitting = false) {
  const placed: unknown[] = [];
  const shown: string[] = [];
  const capture = createCaptureWindow({
    url: 'kindred://app/capture.html',
    preloadPath: '/app/out/preload/index.cjs',
    traits: captureWindowTraits(platform, server),
    place: (cursor, displays, size) => {
      placed.push({ cursor, displays, size });
      return { x: -1000, y: 400, width: size.width, height: size.height };
    },
    isQuitting: () => quitting,
    onShown: (trigger) => shown.push(trigger),
  });
  const rec = created.at(-1)!;
  rec.handlers.get('contents:did-finish-load')!();
  return { capture, rec, placed, shown };
}

describe('the capture window', () => {
  it('is locked down like the main window, frameless, small, hidden, unthrottled, and loads capture.html', () => {
    const { rec } = make();
    expect(rec.options).toMatchObject({ show: false, frame: false, width: 560, height: 240, backgroundColor: '#1c1a18' });
    expect(rec.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      backgroundThrottling: false,
    });
    expect(rec.calls).toContain('load kindred://app/capture.html');
  });

  it('is an app window with the capture role (the IPC sender check accepts it)', () => {
    const { capture } = make();
    const id = String((capture.appWindow.win.webContents as unknown as { id: number }).id);
    expect(findAppWindow(id)?.role).toBe('capture');
    expect(isAppWebContents(capture.appWindow.win.webContents)).toBe(true);
    expect(capture.owns(id)).toBe(true);
    expect(capture.owns('1')).toBe(false);
  });

  it('on a trigger: placed under the cursor, shown, focused, then told capture.shown — in that order', () => {
    const { capture, rec, placed, shown } = make('linux', 'x11');
    capture.open('menu');
    expect(placed).toEqual([
      {
        cursor: { x: -100, y: 500 },
        displays: [{ id: 7, bounds: { x: -1920, y: 0, width: 1920, height: 1080 }, workArea: { x: -1920, y: 0, width: 1920, height: 1040 }, scaleFactor: 1 }],
        size: { width: 560, height: 240 },
      },
    ]);
    const order = rec.calls.filter((c) => ['setBounds', 'show', 'focus', 'send'].includes(c));
    expect(order).toEqual(['setBounds', 'show', 'focus', 'send']);
    expect(rec.sent.at(-1)).toEqual(['kindred:event', 'capture.shown', {}]);
    expect(shown).toEqual(['menu']);
  });

  it('on Wayland: no cursor is asked for, and not always-on-top', () => {
    const { capture, rec, placed } = make('linux', 'wayland');
    expect(rec.options.alwaysOnTop).toBe(false);
    capture.open('launch');
    expect((placed[0] as { cursor: unknown }).cursor).toBeNull();
  });

  it('on macOS: a panel, shown without a second focus() (that would activate the whole app)', () => {
    const { capture, rec } = make('darwin', 'not-linux');
    expect(rec.options).toMatchObject({ type: 'panel', alwaysOnTop: true, skipTaskbar: true });
    expect(rec.calls).not.toContain('removeMenu');
    capture.open('tray');
    expect(rec.calls).toContain('show');
    expect(rec.calls).not.toContain('focus');
  });

  it('the hotkey toggles it; the menu never hides it', () => {
    const { capture, rec } = make();
    capture.open('hotkey');
    expect(rec.visible).toBe(true);
    capture.open('menu');
    expect(rec.visible).toBe(true);
    capture.open('hotkey');
    expect(rec.visible).toBe(false);
  });

  it('opened before its page has loaded, it tells the page once the page is there', () => {
    const capture = createCaptureWindow({
      url: 'kindred://app/capture.html',
      preloadPath: '/p.cjs',
      traits: captureWindowTraits('linux', 'x11'),
      place: () => null,
      isQuitting: () => false,
    });
    const rec = created.at(-1)!;
    capture.open('launch');
    expect(rec.calls).toContain('show');
    expect(rec.calls).not.toContain('setBounds'); // placement left to the OS
    expect(rec.sent).toEqual([]);
    rec.handlers.get('contents:did-finish-load')!();
    expect(rec.sent).toEqual([['kindred:event', 'capture.shown', {}]]);
  });

  it('closing it hides it unless the app is quitting; then it flushes first', () => {
    const { rec } = make();
    let prevented = false;
    rec.handlers.get('close')!({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(rec.calls).toContain('hide');

    const quitting = make('linux', 'x11', true).rec;
    let held = false;
    quitting.handlers.get('close')!({ preventDefault: () => (held = true) });
    // Held while the page is asked to flush its draft (window.closeRequested).
    expect(held).toBe(true);
    expect(quitting.sent.at(-1)).toEqual(['kindred:event', 'window.closeRequested', {}]);
  });
});
