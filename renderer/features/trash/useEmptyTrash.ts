import { useCallback, useEffect, useRef, useState } from 'react';
import type { TrashProgress } from '../../../shared/host/slices/trash';
import { useServices } from '../../state/AppServices';

export type EmptyState =
  | { kind: 'idle' }
  | { kind: 'running'; jobId: string | null; done: number; total: number; cancelling: boolean }
  | { kind: 'finished'; done: number; total: number; cancelled: boolean; error: string | null };

/**
 * "Empty Trash" as the host runs it: start, follow `trash.progress` for that job, cancel. The
 * items leave the list as the purged workspace doc reaches this window.
 */
export function useEmptyTrash(): { state: EmptyState; start(): void; cancel(): void } {
  const { host } = useServices();
  const [state, setState] = useState<EmptyState>({ kind: 'idle' });
  const job = useRef<string | null>(null);
  // Events can arrive before `trash.empty` answers: keep the latest per job until it is known.
  const early = useRef(new Map<string, TrashProgress>());

  const apply = useCallback((p: TrashProgress): void => {
    if (p.finished) {
      job.current = null;
      setState({ kind: 'finished', done: p.done, total: p.total, cancelled: p.cancelled === true, error: p.error ?? null });
    } else setState((s) => ({ kind: 'running', jobId: p.jobId, done: p.done, total: p.total, cancelling: s.kind === 'running' && s.cancelling }));
  }, []);

  useEffect(
    () =>
      host.subscribe('trash.progress', (p) => {
        if (job.current === p.jobId) apply(p);
        else if (job.current === null) {
          early.current.set(p.jobId, p);
          if (early.current.size > 8) early.current.delete(early.current.keys().next().value as string);
        }
      }),
    [host, apply],
  );

  const start = useCallback(() => {
    setState({ kind: 'running', jobId: null, done: 0, total: 0, cancelling: false });
    host.request('trash.empty', {}).then(
      ({ jobId }) => {
        job.current = jobId;
        const seen = early.current.get(jobId);
        early.current.clear();
        if (seen) apply(seen);
        else setState((s) => (s.kind === 'running' ? { ...s, jobId } : s));
      },
      (err: unknown) =>
        setState({ kind: 'finished', done: 0, total: 0, cancelled: false, error: `Couldn’t empty Trash: ${err instanceof Error ? err.message : String(err)}` }),
    );
  }, [host, apply]);

  const cancel = useCallback(() => {
    const jobId = job.current;
    if (!jobId) return;
    setState((s) => (s.kind === 'running' ? { ...s, cancelling: true } : s));
    void host.request('trash.cancel', { jobId }).catch(() => undefined);
  }, [host]);

  return { state, start, cancel };
}
