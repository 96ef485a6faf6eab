import { useRef, useState, type JSX } from 'react';
import type { TrashItem } from '../../../shared/domain/trash';
import { useServices, useWorkspace } from '../../state/AppServices';
import { Name } from '../../ui/Name';
import { usePageTitle } from '../shell/usePageTitle';
import { ConfirmDialog } from './ConfirmDialog';
import { restoredHref, restoreItem, trashStatusStore } from './trashActions';
import { KIND_LABEL, trashTitle, trashWhen } from './trashText';
import { useEmptyTrash } from './useEmptyTrash';
import { TRASH_KEEP_DAYS } from '../../../shared/domain/trashState';

/**
 * Trash (#/trash): people and pages deleted in the last 30 days, newest first, each with
 * Restore; "Empty Trash…" purges them all now (in the host, with progress and Cancel).
 */
export function TrashView(): JSX.Element {
  const services = useServices();
  const { trash } = useWorkspace();
  const empty = useEmptyTrash();
  const [asking, setAsking] = useState(false);
  const [message, setMessage] = useState('');
  // A restored row leaves the list: focus goes to the heading rather than being lost.
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle('Trash');
  const now = services.now();
  const running = empty.state.kind === 'running';

  const restore = (item: TrashItem): void => {
    try {
      restoreItem(services, item.id);
      const title = trashTitle(item);
      setMessage(`Restored ${title}.`);
      trashStatusStore(services.ws).clear();
      heading.current?.focus();
    } catch (err) {
      setMessage(`Couldn’t restore: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <article className="page trash" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title" ref={heading} tabIndex={-1}>
          Trash
        </h1>
        <p className="muted">
          Deleted people and pages stay here for {TRASH_KEEP_DAYS} days, then are deleted for good. Mentions of a deleted person show
          their name as plain text until you restore them.
        </p>
        {trash.length > 0 && !running && (
          <button type="button" className="danger" onClick={() => setAsking(true)}>
            Empty Trash…
          </button>
        )}
      </header>
      <EmptyProgress state={empty.state} onCancel={empty.cancel} />
      <p className="visually-hidden" role="status">
        {message}
      </p>
      {message && <p className="muted trash-message">{message}</p>}
      {trash.length === 0 ? (
        <p className="empty">Nothing in Trash. Deleted pages and people stay here for {TRASH_KEEP_DAYS} days.</p>
      ) : (
        <ul className="trash-list" aria-label="In Trash">
          {trash.map((item) => {
            const title = trashTitle(item);
            return (
              <li key={item.id} className="trash-item">
                <div className="trash-item-text">
                  <span className="trash-kind">{KIND_LABEL[item.kind]}</span>{' '}
                  <a href={restoredHref(item)}>
                    {item.kind === 'person' ? <Name>{title}</Name> : title}
                  </a>
                  <span className="muted trash-when"> {trashWhen(item, now)}</span>
                </div>
                <button type="button" onClick={() => restore(item)} aria-label={`Restore ${KIND_LABEL[item.kind].toLowerCase()} ${title}`} disabled={running}>
                  Restore
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {asking && (
        <ConfirmDialog
          title="Empty Trash?"
          detail={`${trash.length === 1 ? 'The 1 item' : `All ${trash.length} items`} in Trash will be deleted for good now: their text is erased on this device and, when they sync, on your other devices. This cannot be undone.`}
          confirmLabel="Empty Trash"
          onConfirm={() => {
            setAsking(false);
            setMessage('');
            empty.start();
          }}
          onClose={() => setAsking(false)}
        />
      )}
    </article>
  );
}

function EmptyProgress({ state, onCancel }: { state: ReturnType<typeof useEmptyTrash>['state']; onCancel(): void }): JSX.Element | null {
  if (state.kind === 'idle') return null;
  if (state.kind === 'running') {
    return (
      <div className="trash-progress" role="status">
        <label>
          {state.cancelling ? 'Stopping after this item…' : `Emptying Trash… ${state.done} of ${state.total || '…'}`}{' '}
          <progress max={state.total || 1} value={state.done} />
        </label>
        <button type="button" onClick={onCancel} aria-disabled={state.cancelling || state.jobId === null}>
          Cancel
        </button>
      </div>
    );
  }
  const text = state.error
    ? state.error
    : state.cancelled
      ? `Stopped: ${state.done} of ${state.total} deleted for good; the rest is still in Trash.`
      : `Emptied Trash: ${state.done} ${state.done === 1 ? 'item' : 'items'} deleted for good.`;
  return (
    <p className={state.error ? 'inline-error' : 'muted'} role="status">
      {text}
    </p>
  );
}
