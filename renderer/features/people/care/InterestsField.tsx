import { useId, useMemo, useState, type JSX } from 'react';
import { addInterest, completeTag, removeInterest } from '../../../../shared/care';
import { FIELD_LIMITS } from '../../../../shared/domain/fieldLimits';
import { useCutNote } from '../../../ui/useCutNote';
import { useServices, useWorkspace } from '../../../state/AppServices';
import { useCareWrite } from './useCareWrite';

/**
 * Interests and curiosities as tags. The box suggests tags anyone already has (a combobox:
 * ↓/↑ pick a suggestion, Enter adds it — or what was typed —, Escape closes the list).
 */
export function InterestsField({ personId, interests }: { personId: string; interests: readonly string[] }): JSX.Element {
  const services = useServices();
  const { profiles } = useWorkspace();
  const { error, run } = useCareWrite();
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const id = useId();
  const cut = useCutNote(FIELD_LIMITS.interest);
  const suggestions = useMemo(
    () => (text.trim() ? completeTag(text, profiles.values(), interests, 6) : []),
    [text, profiles, interests],
  );
  const listOpen = open && suggestions.length > 0;

  const add = (tag: string): void => {
    if (!tag.trim()) return;
    if (run(() => addInterest(services.ws, personId, tag))) {
      setText('');
      setActive(-1);
    }
  };

  return (
    <div className="care-interests">
      {interests.length > 0 && (
        <ul className="care-tags" aria-label="Interests">
          {interests.map((tag) => (
            <li key={tag} className="care-tag">
              <span>{tag}</span>
              <button
                type="button"
                className="care-remove"
                aria-label={`Remove interest ${tag}`}
                title={`Remove interest ${tag}`}
                onClick={() => run(() => removeInterest(services.ws, personId, tag))}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="care-inline-form care-combo">
        <label htmlFor={`${id}-tag`} className="visually-hidden">
          Add an interest
        </label>
        <input
          id={`${id}-tag`}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={listOpen}
          aria-controls={`${id}-list`}
          aria-activedescendant={listOpen && active >= 0 ? `${id}-opt-${active}` : undefined}
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-error` : undefined}
          autoComplete="off"
          placeholder="pottery, jazz, climbing…"
          value={text}
          maxLength={FIELD_LIMITS.interest}
          onPaste={cut.onPaste}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onChange={(e) => {
            setText(e.target.value);
            cut.onValue(e.target.value);
            setActive(-1);
            setOpen(true);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && suggestions.length > 0) {
              e.preventDefault();
              setOpen(true);
              setActive((a) => (a + 1) % suggestions.length);
            } else if (e.key === 'ArrowUp' && suggestions.length > 0) {
              e.preventDefault();
              setOpen(true);
              setActive((a) => (a <= 0 ? suggestions.length - 1 : a - 1));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              add(listOpen && active >= 0 ? suggestions[active]! : text);
            } else if (e.key === 'Escape' && listOpen) {
              e.preventDefault();
              setOpen(false);
              setActive(-1);
            }
          }}
        />
        <button type="button" aria-label="Add interest" disabled={!text.trim()} onClick={() => add(text)}>
          Add
        </button>
        <ul id={`${id}-list`} role="listbox" aria-label="Interests others have" className="care-suggestions" hidden={!listOpen}>
          {suggestions.map((tag, i) => (
            <li
              key={tag}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'selected' : undefined}
              onMouseEnter={() => setActive(i)}
              // mousedown, not click: the input keeps focus and the list stays until the tag is added.
              onMouseDown={(e) => {
                e.preventDefault();
                add(tag);
              }}
            >
              {tag}
            </li>
          ))}
        </ul>
      </div>
      {cut.note}
      {error && (
        <p className="inline-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
