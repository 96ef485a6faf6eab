import { useId, useRef, useState, type JSX } from 'react';
import type { DesktopSettings, SettingsView as View } from '../../../shared/host/slices/settings';
import { routeHref } from '../../router/routes';
import { useServices } from '../../state/AppServices';
import { plainError } from '../devices/syncText';
import { usePageTitle } from '../shell/usePageTitle';
import { QuickCaptureSection } from './QuickCaptureSection';
import { keepRunningHelp, savedText, startAtLoginHelp } from './settingsModel';
import { useSettings } from './useSettings';

type Patch = Partial<Omit<DesktopSettings, 'captureHotkey'>>;

/**
 * Settings: the desktop app's own settings — the quick-capture shortcut, where a capture lands,
 * keeping Kindred running when its window closes, starting at login — and the way to Devices.
 * Everything shown comes from the host (`settings.get` / `settings.changed`); each change is
 * saved at once. In the browser build the host says these are desktop-only, and the page says so
 * instead of showing controls that could do nothing.
 */
export function SettingsView(): JSX.Element {
  usePageTitle('Settings');
  const settings = useSettings();
  const view = settings.view;

  return (
    <section className="page settings" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Settings</h1>
        <p className="muted">How Kindred behaves on this computer.</p>
      </header>
      {!view &&
        (settings.error ? (
          <p className="empty">Settings aren’t available right now. {settings.error}</p>
        ) : (
          <p className="muted" role="status">
            Loading your settings…
          </p>
        ))}
      {view && !view.available && <DesktopOnly />}
      {view && view.available && <DesktopSettingsForm view={view} onSaved={settings.accept} />}
      <section className="settings-section" aria-labelledby="settings-devices-heading">
        <h2 id="settings-devices-heading">Devices</h2>
        <p className="muted">Keep the same journal on your other devices, synced directly between them.</p>
        <a href={routeHref({ name: 'devices' })}>Devices and sync</a>
      </section>
      <section className="settings-section" aria-labelledby="settings-data-heading">
        <h2 id="settings-data-heading">Your data</h2>
        <p className="muted">Export as a Markdown vault or a calendar, back up, restore a backup, import contacts, and daily backups.</p>
        <a href={routeHref({ name: 'data' })}>Your data</a>
      </section>
    </section>
  );
}

function DesktopOnly(): JSX.Element {
  return (
    <section className="settings-section" aria-labelledby="settings-desktop-heading">
      <h2 id="settings-desktop-heading">Quick capture and running in the background</h2>
      <p className="settings-note">These settings are part of the desktop app.</p>
      <p>
        In the Kindred desktop app you can choose a shortcut that opens quick capture from any app, keep Kindred running in the
        background when you close its window, and start it when you log in. A browser tab can’t do these things, so there is nothing to
        change here.
      </p>
    </section>
  );
}

function DesktopSettingsForm({ view, onSaved }: { view: View; onSaved(view: unknown): void }): JSX.Element {
  const { host } = useServices();
  const id = useId();
  // What the user just chose, shown until the host answers (and put back if it refuses).
  const [pending, setPending] = useState<Patch>({});
  // The answer to the latest change, shown in the section the change was made in.
  const [result, setResult] = useState<{ where: 'capture' | 'background'; saved: string; error: string | null } | null>(null);
  const latest = useRef(0);

  const save = (patch: Patch): void => {
    const ticket = ++latest.current;
    const where = patch.captureMode !== undefined ? 'capture' : 'background';
    setPending((p) => ({ ...p, ...patch }));
    setResult(null);
    host
      .request('settings.update', { patch })
      .then((next) => {
        onSaved(next);
        if (ticket === latest.current) setResult({ where, saved: savedText(patch), error: null });
      })
      .catch((err: unknown) => {
        if (ticket === latest.current) setResult({ where, saved: '', error: `Couldn’t save that: ${plainError(err)}` });
      })
      .finally(() =>
        setPending((p) => {
          const rest = { ...p };
          for (const key of Object.keys(patch) as Array<keyof Patch>) delete rest[key];
          return rest;
        }),
      );
  };

  const value = { ...view.settings, ...pending };
  // The status line is always there (a live region must exist before it speaks).
  const feedback = (where: 'capture' | 'background'): JSX.Element => (
    <>
      <p className="settings-saved" role="status">
        {result?.where === where ? result.saved : ''}
      </p>
      {result?.where === where && result.error && (
        <p className="inline-error" role="alert">
          {result.error}
        </p>
      )}
    </>
  );

  return (
    <>
      <QuickCaptureSection view={view} onSaved={onSaved}>
        <fieldset className="settings-choice">
          <legend>Quick capture saves as</legend>
          <label>
            <input type="radio" name={`${id}-mode`} value="note" checked={value.captureMode === 'note'} onChange={() => save({ captureMode: 'note' })} />
            A conversation note
          </label>
          <label>
            <input type="radio" name={`${id}-mode`} value="today" checked={value.captureMode === 'today'} onChange={() => save({ captureMode: 'today' })} />
            Added to today’s journal
          </label>
          <p className="muted small">You can switch for a single capture in the capture window itself.</p>
        </fieldset>
        {feedback('capture')}
      </QuickCaptureSection>
      <section className="settings-section" aria-labelledby={`${id}-background`}>
        <h2 id={`${id}-background`}>Running in the background</h2>
        <div className="settings-toggle">
          <input
            id={`${id}-keep`}
            type="checkbox"
            checked={value.keepRunning}
            aria-describedby={`${id}-keep-help`}
            onChange={(e) => save({ keepRunning: e.target.checked })}
          />
          <label htmlFor={`${id}-keep`}>Keep Kindred running in the background when you close the window</label>
          <p id={`${id}-keep-help`} className="muted small">
            {keepRunningHelp(view.platform, view.backgroundDefault)}
          </p>
        </div>
        <div className="settings-toggle">
          <input
            id={`${id}-login`}
            type="checkbox"
            checked={value.startAtLogin}
            aria-describedby={`${id}-login-help`}
            onChange={(e) => save({ startAtLogin: e.target.checked })}
          />
          <label htmlFor={`${id}-login`}>Start Kindred when you log in</label>
          <p id={`${id}-login-help`} className="muted small">
            {startAtLoginHelp(view.platform)}
          </p>
        </div>
        {feedback('background')}
      </section>
    </>
  );
}
