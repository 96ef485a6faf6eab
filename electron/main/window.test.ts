import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * Electron itself is mocked here: this machine has no Electron binary (see TOOLCHAIN.md), and what
 * is checked is only what the app asks Electron for. The fake window and session record it.
 */
const created: { options: Record<string, unknown>; session: FakeSession }[] = [];

interface FakeSession {
  spellCheckerEnabled: boolean | undefined;
  dictionaryUrl: string | undefined;
  setSpellCheckerEnabled(enabled: boolean): void;
  setSpellCheckerDictionaryDownloadURL(url: string): void;
}

vi.mock('electron', () => {
  const listeners = () => ({ on: () => undefined, once: () => undefined });
  class BrowserWindow {
    readonly webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const session: FakeSession = {
        spellCheckerEnabled: undefined,
        dictionaryUrl: undefined,
        setSpellCheckerEnabled(enabled) {
          session.spellCheckerEnabled = enabled;
        },
        setSpellCheckerDictionaryDownloadURL(url) {
          session.dictionaryUrl = url;
        },
      };
      created.push({ options, session });
      this.webContents = { ...listeners(), id: created.length, session, navigationHistory: {} };
    }
    on(): this {
      return this;
    }
    once(): this {
      return this;
    }
    loadURL(): Promise<void> {
      return Promise.resolve();
    }
  }
  const workArea = { x: 0, y: 0, width: 1600, height: 1000 };
  return {
    app: { getAppPath: () => '/nonexistent-app-path' },
    BrowserWindow,
    nativeTheme: { shouldUseDarkColors: false },
    screen: { getPrimaryDisplay: () => ({ id: 1, workArea, bounds: workArea }), getAllDisplays: () => [{ id: 1, workArea, bounds: workArea }] },
    ipcMain: { handle: () => undefined },
  };
});

const { createAppWindow } = await import('./window');
const { SPELLCHECKER_DICTIONARY_URL } = await import('./security');

const dir = mkdtempSync(join(tmpdir(), 'kindred-window-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an app window asks for no network of its own', () => {
  it('has the spellchecker off, and its dictionary download pointed at a closed local port', () => {
    createAppWindow({ url: 'kindred://app/', stateFile: join(dir, 'window.json'), preloadPath: join(dir, 'preload.cjs') });
    const [window] = created;
    const prefs = window!.options.webPreferences as Record<string, unknown>;
    expect(prefs.spellcheck).toBe(false);
    expect(window!.session.spellCheckerEnabled).toBe(false);
    // Electron would otherwise fetch Hunspell dictionaries from a Google CDN on Linux and Windows.
    expect(window!.session.dictionaryUrl).toBe(SPELLCHECKER_DICTIONARY_URL);
    expect(new URL(SPELLCHECKER_DICTIONARY_URL).hostname).toBe('127.0.0.1');
    // The secure defaults stay as they were.
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  });
});
