import { useCallback, useEffect, useState } from 'react';
import type { DataJobKind, DataProgress, DataStatus } from '../../../shared/host/slices/data';
import { useServices } from '../../state/AppServices';

/**
 * The latest progress of each kind of job (running or just ended), from `data.status` at mount
 * and every `data.progress` after: a job started from another window, or before this screen
 * opened, shows here too. An event for an older job of a kind never replaces a newer one's.
 */
export type JobsByKind = Partial<Record<DataJobKind, DataProgress>>;

const KINDS: ReadonlySet<string> = new Set<DataJobKind>(['vault', 'calendar', 'backup', 'restore']);

function isProgress(p: unknown): p is DataProgress {
  const v = p as Partial<DataProgress> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.jobId === 'string' &&
    typeof v.kind === 'string' &&
    KINDS.has(v.kind) &&
    typeof v.done === 'number' &&
    typeof v.total === 'number' &&
    typeof v.state === 'string'
  );
}

export interface DataJobs {
  status: DataStatus | null;
  /** Why `data.status` failed (Your data is unavailable in this host). */
  error: string | null;
  jobs: JobsByKind;
  /** A job this window just started: shown at once, before its first event arrives. */
  started(kind: DataJobKind, jobId: string, target?: string): void;
  /** Forgets an ended job's result (the user started something new). */
  clear(kind: DataJobKind): void;
}

export function useDataJobs(): DataJobs {
  const { host } = useServices();
  const [status, setStatus] = useState<DataStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [jobs, setJobs] = useState<JobsByKind>({});
  // Ended job ids: a late "running" event of one must not bring its bar back.
  const [ended] = useState(() => new Set<string>());

  const accept = useCallback(
    (p: DataProgress) => {
      if (ended.has(p.jobId)) return;
      if (p.state !== 'running') ended.add(p.jobId);
      setJobs((all) => {
        const current = all[p.kind];
        // A newer job of this kind already shows: an old one's events are ignored.
        if (current && current.jobId !== p.jobId && current.state === 'running' && p.state === 'running') return all;
        return { ...all, [p.kind]: p };
      });
    },
    [ended],
  );

  useEffect(() => {
    let live = true;
    const off = host.subscribe('data.progress', (p) => {
      if (isProgress(p)) accept(p);
    });
    host.request('data.status', {}).then(
      (s) => {
        if (!live) return;
        setStatus(s);
        for (const j of s.jobs) if (isProgress(j)) accept(j);
      },
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
      off();
    };
  }, [host, accept]);

  const started = useCallback(
    (kind: DataJobKind, jobId: string, target?: string) => {
      setJobs((all) => (all[kind]?.jobId === jobId ? all : { ...all, [kind]: { jobId, kind, phase: 'starting', done: 0, total: 0, state: 'running', ...(target ? { target } : {}) } }));
    },
    [],
  );
  const clear = useCallback((kind: DataJobKind) => {
    setJobs((all) => {
      if (!all[kind] || all[kind]?.state === 'running') return all;
      const next = { ...all };
      delete next[kind];
      return next;
    });
  }, []);

  return { status, error, jobs, started, clear };
}
