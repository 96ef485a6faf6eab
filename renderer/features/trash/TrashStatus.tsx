import { useEffect, useSyncExternalStore, type JSX } from 'react';
import { useServices } from '../../state/AppServices';
import { TRASH_UNDO_MS, trashStatusStore } from './trashActions';

/**
 * "Moved to Trash. Undo" — shown at the top of whatever page the user lands on after moving
 * something to Trash, read out politely. Undo is offered for 10 seconds; the message stays
 * until dismissed or replaced.
 */
export function TrashStatus(): JSX.Element | null {
  const { ws } = useServices();
  const store = trashStatusStore(ws);
  const shown = useSyncExternalStore(store.subscribe, store.get);
  useEffect(() => {
    if (!shown.undo) return;
    const timer = setTimeout(() => store.expire(shown.serial), TRASH_UNDO_MS);
    return () => clearTimeout(timer);
  }, [store, shown]);
  return (
    <div className="trash-status" role="status">
      {shown.message && (
        <p className="banner">
          <span>{shown.message}</span>
          {shown.undo && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                const undo = shown.undo;
                store.expire(shown.serial);
                try {
                  undo?.();
                } catch (err) {
                  store.announce(`Couldn’t undo: ${err instanceof Error ? err.message : String(err)}`);
                }
              }}
            >
              Undo
            </button>
          )}
          <button type="button" aria-label="Dismiss" onClick={() => store.clear()}>
            ×
          </button>
        </p>
      )}
    </div>
  );
}
