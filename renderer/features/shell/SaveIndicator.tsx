import { useEffect, useSyncExternalStore, type JSX } from 'react';
import { useServices } from '../../state/AppServices';

/** Always-visible saving state. A failure stays on screen (role=alert) until storage works again. */
export function SaveIndicator(): JSX.Element {
  const { storage, pendingWrites, docs, ws } = useServices();
  const state = useSyncExternalStore(storage.subscribe, storage.get);
  useEffect(() => {
    // "Saving…" from the first keystroke (update events), "Saved" once the writes commit (poll).
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
  if (state.kind === 'failed') {
    return (
      <div className="save-state failed" role="alert" data-state="failed">
        Not saving right now: {state.message} Kindred keeps what you type on screen and is reconnecting to storage — it will be saved then. Please don’t close this window yet.
      </div>
    );
  }
  return (
    <div className="save-state" role="status" data-state={state.kind}>
      {state.kind === 'saving' ? 'Saving…' : 'Saved on this device'}
    </div>
  );
}
