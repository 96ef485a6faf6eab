import type { JSX } from 'react';
import type { TrashItem } from '../../../shared/domain/trash';
import { PageEditor } from '../../editor/PageEditor';
import { navigate } from '../../router/useRoute';
import { useServices } from '../../state/AppServices';
import { restoredHref, restoreItem, trashStatusStore } from './trashActions';
import { KIND_LABEL, trashTitle } from './trashText';

/**
 * A page or person in Trash, opened by its address: a banner that says so with Restore, and the
 * page's text, read-only (nothing can be typed into something in Trash).
 */
export function TrashedPage({ item }: { item: TrashItem }): JSX.Element {
  const services = useServices();
  const title = trashTitle(item);
  // The page that shows this sets the window title (its effect runs last).
  const purge = new Date(item.purgeAt).toLocaleDateString(undefined, { month: 'long', day: 'numeric', year: 'numeric' });
  const what = item.kind === 'person' ? `${title} is` : item.kind === 'journal' ? 'This journal entry is' : 'This note is';
  const restore = (): void => {
    try {
      restoreItem(services, item.id);
      trashStatusStore(services.ws).announce(`Restored ${item.kind === 'person' ? title : 'it'} from Trash.`);
      navigate(restoredHref(item));
    } catch (err) {
      trashStatusStore(services.ws).announce(`Couldn’t restore: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return (
    <article className="page trashed-page" aria-labelledby="page-title">
      <header className="page-header">
        <p className="eyebrow">{KIND_LABEL[item.kind]}</p>
        <h1 id="page-title">{title}</h1>
      </header>
      <div className="banner trash-banner" role="note" aria-label="In Trash">
        <span>
          <strong>{what} in Trash.</strong> It will be deleted for good on {purge} unless you restore it.
        </span>
        <button type="button" onClick={restore}>
          Restore
        </button>
      </div>
      <PageEditor
        key={item.id}
        pageId={item.id}
        shouldBootstrap={false}
        label={`${KIND_LABEL[item.kind]} in Trash, ${title} (read-only)`}
        placeholder=""
        onCreatePerson={() => {
          throw new Error('A page in Trash cannot be edited.');
        }}
        readOnly
      />
    </article>
  );
}

