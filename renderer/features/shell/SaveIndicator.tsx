import { useCallback, useEffect, useRef, useSyncExternalStore, type JSX } from 'react';
import { useServices } from '../../state/AppServices';

/**
 * Always-visible saving state: "Saved on this device" only when the journal store has
 * acknowledged everything. A save failure stays on screen (role=alert) until the backlog is
 * acknowledged; notices about this window's offline copy are shown quietly beneath it.
 */
export function SaveIndicator(): JSX.Element {
  const { storage, pendingWrites, docs, ws } = useServices();
  const state = useSyncExternalStore(storage.subscribe, storage.get);
  // Counters written straight onto the element (not through a render), so they are current the
  // moment an update lands: data-edits counts updates seen, data-saved-through is the count at
  // the last moment nothing was pending. "Saved through N ≥ edits" is what e2e tests wait for.
  const counts = useRef({ edits: 0, savedThrough: 0 });
  const el = useRef<HTMLDivElement | null>(null);
  const mark = useCallback((node: HTMLDivElement | null): void => {
    if (node) el.current = node;
    const target = node ?? el.current;
    if (!target) return;
    target.dataset.edits = String(counts.current.edits);
    target.dataset.savedThrough = String(counts.current.savedThrough);
  }, []);
  useEffect(() => {
    // "Saving…" from the first keystroke (update events), "Saved" once acknowledged (poll).
    // Whether everything is saved is judged outside the update handler: the links that count a
    // write as pending hear the same update, possibly after this listener.
    const settle = (): void => {
      const pending = pendingWrites();
      storage.refresh(pending);
      if (pending === 0) counts.current.savedThrough = counts.current.edits;
      mark(null);
    };
    const onUpdate = (): void => {
      counts.current.edits++;
      storage.refresh(pendingWrites());
      mark(null);
      setTimeout(settle, 0);
    };
    const timer = setInterval(settle, 200);
    const stopDocs = docs.subscribeUpdates(onUpdate);
    ws.on('update', onUpdate);
    return () => {
      clearInterval(timer);
      stopDocs();
      ws.off('update', onUpdate);
    };
  }, [storage, pendingWrites, docs, ws, mark]);
  const notices = state.notices.map((notice) => (
    <p key={notice} className="save-notice" role="status">
      {notice}
    </p>
  ));
  if (state.kind === 'failed') {
    return (
      <>
        <div ref={mark} className="save-state failed" role="alert" data-state="failed">
          Not saving right now: {withPeriod(state.message)} Kindred keeps what you type and will save it when it can —
          please don’t close this window yet.
        </div>
        {notices}
      </>
    );
  }
  return (
    <>
      <div ref={mark} className="save-state" role="status" data-state={state.kind}>
        {state.kind === 'saving' ? 'Saving…' : 'Saved on this device'}
      </div>
      {notices}
    </>
  );
}

function withPeriod(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}
