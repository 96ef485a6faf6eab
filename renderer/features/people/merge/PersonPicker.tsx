import { useId, useMemo, useState, type JSX } from 'react';
import { matchPeople } from '../../../../shared/domain/peopleSearch';
import type { Person } from '../../../../shared/domain/types';
import { FIELD_LIMITS } from '../../../../shared/domain/fieldLimits';

/**
 * Picks one person from a list by typing (a combobox, ARIA 1.2 pattern): the list filters as
 * you type (diacritics and one typo forgiven), ↓/↑ move through it, Enter picks, Escape closes
 * the list. Two people with the same name are told apart by when they were added.
 */
const SHOWN = 30;

export function PersonPicker({
  label,
  people,
  onPick,
  autoFocus = false,
}: {
  label: string;
  people: readonly Person[];
  onPick(person: Person): void;
  autoFocus?: boolean;
}): JSX.Element {
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const matches = useMemo(() => matchPeople(people, text, SHOWN), [people, text]);
  const sameName = useMemo(() => {
    const seen = new Map<string, number>();
    for (const p of people) seen.set(p.name.toLocaleLowerCase(), (seen.get(p.name.toLocaleLowerCase()) ?? 0) + 1);
    return seen;
  }, [people]);
  const listOpen = open && matches.length > 0;
  const pick = (p: Person | undefined): void => {
    if (!p) return;
    setOpen(false);
    setActive(-1);
    setText(p.name);
    onPick(p);
  };

  return (
    <div className="merge-picker care-combo">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={listOpen}
        aria-controls={`${id}-list`}
        aria-activedescendant={listOpen && active >= 0 ? `${id}-opt-${active}` : undefined}
        autoComplete="off"
        autoFocus={autoFocus}
        maxLength={FIELD_LIMITS.name}
        placeholder="Type a name…"
        value={text}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onChange={(e) => {
          setText(e.target.value);
          setActive(e.target.value.trim() ? 0 : -1);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && matches.length > 0) {
            e.preventDefault();
            setOpen(true);
            setActive((a) => (a + 1) % matches.length);
          } else if (e.key === 'ArrowUp' && matches.length > 0) {
            e.preventDefault();
            setOpen(true);
            setActive((a) => (a <= 0 ? matches.length - 1 : a - 1));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            if (listOpen) pick(matches[Math.max(0, active)]);
          } else if (e.key === 'Escape' && listOpen) {
            // Closes the list only; a second Escape reaches the dialog.
            e.preventDefault();
            e.stopPropagation();
            setOpen(false);
            setActive(-1);
          }
        }}
      />
      <ul id={`${id}-list`} role="listbox" aria-label={label} className="care-suggestions merge-options" hidden={!listOpen}>
        {matches.map((p, i) => (
          <li
            key={p.id}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'selected' : undefined}
            onMouseEnter={() => setActive(i)}
            // mousedown, not click: the input keeps focus until the person is picked.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(p);
            }}
          >
            <bdi className="name">{p.name}</bdi>
            {(sameName.get(p.name.toLocaleLowerCase()) ?? 0) > 1 && <span className="muted"> · added {addedOn(p.createdAt)}</span>}
          </li>
        ))}
      </ul>
      {open && text.trim() !== '' && matches.length === 0 && <p className="muted">No one by that name.</p>}
    </div>
  );
}

function addedOn(ms: number): string {
  return ms > 0 ? new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : 'earlier';
}
