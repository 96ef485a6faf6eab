import { useEffect, useSyncExternalStore, type JSX } from 'react';
import { useServices } from '../../state/AppServices';

/** Always-visible saving state. A failure stays on screen (role=alert) until storage works again. */
export function SaveIndicator(): JSX.Element {
  const { storage, pendingWrites } = useServices();
  const state = useSyncExternalStore(storage.subscribe, storage.get);
  useEffect(() => {
    const timer = setInterval(() => storage.refresh(pendingWrites()), 250);
    return () => clearInterval(timer);
  }, [storage, pendingWrites]);
  if (state.kind === 'failed') {
    return (
      <div className="save-state failed" role="alert" data-state="failed">
        Not saving: {state.message} What you type stays on screen; keep this window open and try reloading it.
      </div>
    );
  }
  return (
    <div className="save-state" role="status" data-state={state.kind}>
      {state.kind === 'saving' ? 'Saving…' : 'Saved on this device'}
    </div>
  );
}
