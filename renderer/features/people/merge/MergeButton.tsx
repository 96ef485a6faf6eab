import { useState, type JSX } from 'react';
import { MergeDialog } from './MergeDialog';

/** "Merge with…" on a person page: opens the merge dialog for this person. */
export function MergeButton({ personId }: { personId: string }): JSX.Element {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="merge-open" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Merge with…
      </button>
      {open && <MergeDialog personId={personId} onClose={() => setOpen(false)} />}
    </>
  );
}
