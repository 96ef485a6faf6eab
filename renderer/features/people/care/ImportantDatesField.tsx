import { useId, useState, type JSX } from 'react';
import { addImportantDate, parseImportantDate, removeImportantDate, type ImportantDate } from '../../../../shared/care';
import { FIELD_LIMITS } from '../../../../shared/domain/fieldLimits';
import { useCutNote } from '../../../ui/useCutNote';
import { today } from '../../../state/actions';
import { useServices } from '../../../state/AppServices';
import { capitalize, dateRows } from './personCare';
import { useCareWrite } from './useCareWrite';

/** Birthdays, anniversaries…, with or without a year: typed as words, read back with when they come next. */
export function ImportantDatesField({ personId, dates }: { personId: string; dates: readonly ImportantDate[] }): JSX.Element {
  const services = useServices();
  const { error, run, setError } = useCareWrite();
  const [text, setText] = useState('');
  const id = useId();
  const cut = useCutNote(FIELD_LIMITS.dateInput);
  const rows = dateRows(dates, today(services));

  const add = (): void => {
    const parsed = parseImportantDate(text);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    if (run(() => addImportantDate(services.ws, personId, parsed.value))) setText('');
  };

  return (
    <div className="care-dates">
      {rows.length > 0 && (
        <ul className="care-date-list" aria-label="Important dates">
          {rows.map(({ date, formatted, when, inDays }) => {
            const name = [date.label, formatted].filter(Boolean).join(' ');
            return (
              <li key={date.id} className={inDays <= 14 ? 'soon' : undefined}>
                {date.label && <span className="care-date-label">{capitalize(date.label)}</span>}
                <span className="care-date-day">{formatted}</span>
                <span className="muted">{when}</span>
                <button
                  type="button"
                  className="care-remove"
                  aria-label={`Remove ${name}`}
                  title={`Remove ${name}`}
                  onClick={() => run(() => removeImportantDate(services.ws, personId, date.id))}
                >
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <form
        className="care-inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label htmlFor={`${id}-date`} className="visually-hidden">
          Add a date
        </label>
        <input
          id={`${id}-date`}
          type="text"
          value={text}
          maxLength={FIELD_LIMITS.dateInput}
          onPaste={cut.onPaste}
          placeholder="birthday Mar 14, or wedding anniversary Jun 2 2019"
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            cut.onValue(e.target.value);
            if (error) setError(null);
          }}
        />
        <button type="submit" aria-label="Add date">
          Add
        </button>
      </form>
      {cut.note}
      {error && (
        <p className="inline-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
