import { useState, type JSX } from 'react';
import { navigate } from '../../router/useRoute';
import { useServices } from '../../state/AppServices';
import { ConfirmDialog } from './ConfirmDialog';
import { afterTrashHref, moveToTrash, restoredHref, restoreItem, trashStatusStore, type TrashTarget } from './trashActions';
import { moveQuestion } from './trashText';

/**
 * "Move to Trash…" on a person page, a conversation note or a day entry: asks first (what
 * happens, 30 days, restore from Trash), then moves it, goes to the list it came from and says
 * "Moved to Trash." with Undo (which restores it and opens it again).
 */
export function MoveToTrashButton({ target, title }: { target: TrashTarget; title: string }): JSX.Element {
  const services = useServices();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const question = moveQuestion(target.kind, title);
  const confirm = (): void => {
    try {
      moveToTrash(services, target);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return;
    }
    setAsking(false);
    const status = trashStatusStore(services.ws);
    status.announce(`Moved ${target.kind === 'person' ? title : 'it'} to Trash.`, () => {
      restoreItem(services, target.id);
      status.announce(`Restored ${target.kind === 'person' ? title : 'it'} from Trash.`);
      navigate(restoredHref(target));
    });
    navigate(afterTrashHref(target.kind));
  };
  return (
    <>
      <button type="button" className="trash-button" onClick={() => (setError(null), setAsking(true))}>
        Move to Trash…
      </button>
      {asking && (
        <ConfirmDialog
          title={question.title}
          detail={question.detail}
          confirmLabel="Move to Trash"
          error={error}
          onConfirm={confirm}
          onClose={() => setAsking(false)}
        />
      )}
    </>
  );
}
