import { useState, type JSX } from 'react';
import type { HostClient } from '../../../shared/host/contract';
import type { DataProgress } from '../../../shared/host/slices/data';
import { endText, JOB_TITLES, progressShare, progressText } from './dataText';

/**
 * One long job: while it runs, a progress bar (role=progressbar with its numbers, or without a
 * value while the total is not known yet), what it is doing in words, and Cancel; once ended,
 * how it ended ("Saved to …", "Cancelled — nothing was written", or why it failed).
 */
export function JobPanel({ job, host }: { job: DataProgress | undefined; host: HostClient }): JSX.Element | null {
  const [cancelling, setCancelling] = useState<string | null>(null);
  if (!job) return null;
  const title = JOB_TITLES[job.kind];
  if (job.state !== 'running') {
    const failed = job.state === 'failed';
    return (
      <p className={failed ? 'settings-problem data-result' : 'settings-note data-result'} role={failed ? 'alert' : 'status'} data-kind={job.kind} data-state={job.state}>
        {endText(job)}
      </p>
    );
  }
  const share = progressShare(job);
  const text = progressText(job);
  const isCancelling = cancelling === job.jobId;
  return (
    <div className="data-job" data-kind={job.kind} data-state="running">
      <div
        className="data-bar"
        role="progressbar"
        aria-label={`${title} progress`}
        aria-valuemin={0}
        {...(share ? { 'aria-valuenow': share.now, 'aria-valuemax': share.max, 'aria-valuetext': text } : { 'aria-valuetext': text })}
      >
        <span style={{ width: share ? `${(share.now / share.max) * 100}%` : '0%' }} />
      </div>
      <p role="status" className="data-status">
        {isCancelling ? 'Cancelling…' : text}
      </p>
      <button
        type="button"
        disabled={isCancelling}
        onClick={() => {
          setCancelling(job.jobId);
          host.request('data.cancel', { jobId: job.jobId }).catch(() => setCancelling(null));
        }}
      >
        Cancel
      </button>
    </div>
  );
}
