import { useEffect, useId, useRef, useState, type JSX } from 'react';
import { setCheckIn, type CadenceUnit, type CareProfile } from '../../../../shared/care';
import { today } from '../../../state/actions';
import { useServices } from '../../../state/AppServices';
import { checkInOf, checkInText } from './personCare';
import { useCareWrite } from './useCareWrite';

const UNITS: CadenceUnit[] = ['days', 'weeks', 'months'];
const DEFAULT = { every: 3, unit: 'weeks' as CadenceUnit };

/** "Check in regularly, every 3 weeks": off by default; shows when the next check-in is. */
export function CheckInField({ personId, profile, lastContact }: { personId: string; profile: CareProfile | undefined; lastContact: string | null }): JSX.Element {
  const services = useServices();
  const day = today(services);
  const { error, run, setError } = useCareWrite();
  const cadence = profile?.checkIn ?? null;
  // Remembered while switched off, so turning it back on restores what was there.
  const [unit, setUnit] = useState<CadenceUnit>(cadence?.unit ?? DEFAULT.unit);
  const [draft, setDraft] = useState(String(cadence?.every ?? DEFAULT.every));
  const editing = useRef(false);
  const id = useId();

  useEffect(() => {
    if (!cadence) return;
    setUnit(cadence.unit);
    if (!editing.current) setDraft(String(cadence.every));
  }, [cadence?.every, cadence?.unit]); // follow the stored cadence (another device may change it)

  const every = Number(draft);
  const save = (n: number, u: CadenceUnit): void => {
    if (!Number.isInteger(n) || n < 1 || n > 365) {
      setError('Check in every 1 to 365 days, weeks or months.');
      return;
    }
    run(() => setCheckIn(services.ws, personId, { every: n, unit: u }, day));
  };
  const current = checkInOf(profile, lastContact, day);
  const status = checkInText(current, day);

  return (
    <div className="care-checkin">
      <label className="care-switch">
        <input
          type="checkbox"
          checked={cadence !== null}
          onChange={(e) => {
            if (e.target.checked) save(Number.isInteger(every) && every >= 1 && every <= 365 ? every : DEFAULT.every, unit);
            else run(() => setCheckIn(services.ws, personId, null, day));
          }}
        />
        <span>Check in regularly</span>
      </label>
      {cadence && (
        <>
          <span role="group" aria-label="Check in every" className="care-cadence">
            <span aria-hidden="true">every</span>
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              step={1}
              aria-label={`Number of ${unit}`}
              aria-invalid={error !== null}
              aria-describedby={error ? `${id}-error` : undefined}
              value={draft}
              onFocus={() => (editing.current = true)}
              onBlur={() => {
                editing.current = false;
                setDraft(String(cadence.every));
                setError(null);
              }}
              onChange={(e) => {
                setDraft(e.target.value);
                // An emptied box is someone about to type a new number: nothing to say or save yet.
                if (e.target.value === '') setError(null);
                else save(Number(e.target.value), unit);
              }}
            />
            <select
              aria-label="Unit"
              value={unit}
              onChange={(e) => {
                const next = e.target.value as CadenceUnit;
                setUnit(next);
                save(Number.isInteger(every) ? every : cadence.every, next);
              }}
            >
              {UNITS.map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </select>
          </span>
          {status && <span className={current?.due ? 'care-next due' : 'care-next'}>{status}</span>}
        </>
      )}
      {error && (
        <span className="inline-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
