import { Fragment, type JSX } from 'react';
import { displayKeys, spokenKey } from './settingsModel';

/**
 * A shortcut drawn as keys (⇧ ⌘ Space), read out in words ("Shift Command Space"): screen readers
 * skip or mispronounce the Mac symbols.
 */
export function ShortcutKeys({ display }: { display: string }): JSX.Element {
  const keys = displayKeys(display);
  return (
    <span className="shortcut-keys">
      {keys.map((key, i) => (
        // A real space between keys: screen readers then say them as separate words.
        <Fragment key={`${i}-${key}`}>
          {i > 0 && ' '}
          <kbd>
            {spokenKey(key) === key ? (
              key
            ) : (
              <>
                <span aria-hidden="true">{key}</span>
                <span className="visually-hidden">{spokenKey(key)}</span>
              </>
            )}
          </kbd>
        </Fragment>
      ))}
    </span>
  );
}
