import { useEffect, useId, useState, type JSX } from 'react';
import { DEFAULT_CARE_SETTINGS, parseTimeOfDay, setCareSetting } from '../../../shared/care';
import { useServices, useWorkspace } from '../../state/AppServices';

/** "HH:MM" as <input type="time"> gives it (some browsers add seconds), or null. */
function asTime(value: string): string | null {
  const m = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value);
  if (!m) return null;
  const time = `${m[1]}:${m[2]}`;
  return parseTimeOfDay(time) === null ? null : time;
}

/** The daily reminder's time, and whether new conversation notes offer the listening prompts. */
export function ReminderSettings(): JSX.Element {
  const services = useServices();
  const { settings } = useWorkspace();
  const id = useId();
  const on = settings.notifyAt !== null;
  // Remembered while switched off, so switching back on brings the same time back.
  const [time, setTime] = useState(settings.notifyAt ?? DEFAULT_CARE_SETTINGS.notifyAt ?? '09:00');
  useEffect(() => {
    if (settings.notifyAt !== null) setTime(settings.notifyAt);
  }, [settings.notifyAt]);
  const [error, setError] = useState<string | null>(null);

  const save = (value: string | null): void => {
    try {
      setCareSetting(services.ws, 'notifyAt', value);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section className="reach-section reach-settings" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Reminders</h2>
      <div className="reach-setting-row">
        <label className="reach-check">
          <input type="checkbox" checked={on} onChange={(e) => save(e.target.checked ? time : null)} />
          <span>Daily reminder</span>
        </label>
        <label className="reach-time">
          <span>Remind me at</span>
          <input
            type="time"
            value={time}
            disabled={!on}
            aria-describedby={`${id}-help`}
            aria-invalid={error !== null}
            onChange={(e) => {
              const next = asTime(e.target.value);
              if (!next) return; // still being typed
              setTime(next);
              save(next);
            }}
          />
        </label>
      </div>
      <p id={`${id}-help`} className="muted small">
        {on
          ? 'Once a day, and only when something is due. Each device reminds you on its own.'
          : 'No reminders. What’s due still waits here for you.'}
      </p>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <label className="reach-check">
        <input
          type="checkbox"
          checked={settings.listeningPrompts}
          onChange={(e) => setCareSetting(services.ws, 'listeningPrompts', e.target.checked)}
        />
        <span>Offer listening prompts in new conversation notes</span>
      </label>
    </section>
  );
}
