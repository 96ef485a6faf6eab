import { useEffect, useSyncExternalStore, type JSX } from 'react';
import { useServices } from '../../state/AppServices';

/**
 * Always-visible saving state: "Saved on this device" only when the journal store has
 * acknowledged everything. A save failure stays on screen (role=alert) until the backlog is
 * acknowledged; notices about this window's offline copy are shown quietly beneath it.
 */
export function SaveIndicator(): JSX.Element {
  const { storage, pendingWrites, docs, ws } = useServices();
  const state = useSyncExternalStore(storage.subscribe, storage.get);
  useEffect(() => {
    // "Saving…" from the first keystroke (update events), "Saved" once acknowledged (poll).
    const refresh = (): void => storage.refresh(pendingWrites());
    const timer = setInterval(refresh, 200);
    const stopDocs = docs.subscribeUpdates(refresh);
    ws.on('update', refresh);
    return () => {
      clearInterval(timer);
      stopDocs();
      ws.off('update', refresh);
    };
  }, [storage, pendingWrites, docs, ws]);
  const notices = state.notices.map((notice) => (
    <p key={notice} className="save-notice" role="status">
      {notice}
    </p>
  ));
  if (state.kind === 'failed') {
    return (
      <>
        <div className="save-state failed" role="alert" data-state="failed">
          Not saving right now: {withPeriod(state.message)} Kindred keeps what you type and will save it when it can —
          please don’t close this window yet.
        </div>
        {notices}
      </>
    );
  }
  return (
    <>
      <div className="save-state" role="status" data-state={state.kind}>
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
