import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseAccelerator } from './accelerator';
import type { DesktopPlatform } from './accelerator';
import { moveAside, writeFileAtomic } from './atomicFile';
import { defaultDesktopSettings } from './closePolicy';

/**
 * The desktop settings file (`<userData>/desktop-settings.json`). A missing file gives the
 * platform defaults; a damaged one is moved aside and gives defaults for what cannot be read
 * (each field is checked on its own, so one bad value does not reset the others). Updates are
 * validated before anything is written and written atomically, one at a time in call order.
 */
// One definition, the contract's: what the settings slice shows is what this file stores.
export type { DesktopSettings } from '../../../shared/host/slices/settings';
import type { DesktopSettings } from '../../../shared/host/slices/settings';

export type DesktopSettingsPatch = Partial<DesktopSettings>;

/** A refused update; `message` is plain words for the Settings screen. */
export class DesktopSettingsError extends Error {
  override name = 'DesktopSettingsError';
}

const MAX_FILE_BYTES = 64 * 1024;

const fieldSchemas = {
  captureHotkey: z.string().max(100),
  keepRunning: z.boolean(),
  startAtLogin: z.boolean(),
  captureMode: z.enum(['note', 'today']),
};
const patchSchema = z.strictObject(fieldSchemas).partial();

export interface SettingsFile {
  load(): Promise<DesktopSettings>;
  /** Validates, writes, returns the new settings; throws DesktopSettingsError and writes nothing on bad input. */
  update(patch: DesktopSettingsPatch): Promise<DesktopSettings>;
}

export function createSettingsFile(file: string, platform: DesktopPlatform): SettingsFile {
  const defaults = defaultDesktopSettings(platform);
  let cached: DesktopSettings | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  async function read(): Promise<DesktopSettings> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...defaults };
      throw err;
    }
    let raw: unknown;
    try {
      if (text.length > MAX_FILE_BYTES) throw new Error('too large');
      raw = JSON.parse(text);
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('not an object');
    } catch {
      await moveAside(file);
      return { ...defaults };
    }
    const obj = raw as Record<string, unknown>;
    const out = { ...defaults };
    const keep = <K extends keyof DesktopSettings>(key: K): void => {
      const parsed = fieldSchemas[key].safeParse(obj[key]);
      if (parsed.success) out[key] = parsed.data as DesktopSettings[K];
    };
    keep('keepRunning');
    keep('startAtLogin');
    keep('captureMode');
    const hotkey = parseAccelerator(typeof obj.captureHotkey === 'string' ? obj.captureHotkey : '', platform);
    if (hotkey.ok) out.captureHotkey = hotkey.accelerator;
    return out;
  }

  const load = (): Promise<DesktopSettings> =>
    serial(async () => {
      cached ??= await read();
      return { ...cached };
    });

  return {
    load,
    update(patch) {
      return serial(async () => {
        const parsed = patchSchema.safeParse(patch);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
          throw new DesktopSettingsError(`That setting cannot be saved (${where}${issue?.message ?? 'invalid'}).`);
        }
        const next = { ...(cached ?? (await read())), ...parsed.data };
        if (parsed.data.captureHotkey !== undefined) {
          const hotkey = parseAccelerator(parsed.data.captureHotkey, platform);
          if (!hotkey.ok) throw new DesktopSettingsError(hotkey.error);
          next.captureHotkey = hotkey.accelerator;
        }
        await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
        cached = next;
        return { ...next };
      });
    },
  };
}
