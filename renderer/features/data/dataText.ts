import type { AutoBackupView, DataJobKind, DataProgress, RestorePreview } from '../../../shared/host/slices/data';

/**
 * The words of Settings → Your data, as pure functions (tested without a DOM): what a running
 * job is doing, how it ended, and when the last daily backup was made.
 */
const num = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`): string => `${num(n)} ${n === 1 ? one : many}`;

export const JOB_TITLES: Record<DataJobKind, string> = {
  vault: 'Markdown vault',
  calendar: 'Calendar',
  backup: 'Backup',
  restore: 'Restore',
};

/** "Exported 1,200 of 10,000 pages…" — what a running job is doing, in plain words. */
export function progressText(p: DataProgress): string {
  const of = `${num(p.done)} of ${num(p.total)}`;
  switch (p.kind) {
    case 'vault':
      return p.total > 0 ? `Exported ${of} pages…` : 'Getting ready to export…';
    case 'calendar':
      return p.done > 0 ? 'Writing the calendar…' : 'Collecting dates and check-ins…';
    case 'backup':
      if (p.phase === 'reading' && p.total > 0) return `Backed up ${of} pages…`;
      return p.phase === 'listing' ? 'Listing your pages…' : p.phase === 'starting' ? 'Getting ready to back up…' : 'Writing the backup file…';
    case 'restore':
      if (p.phase === 'restoring' && p.total > 0) return `Merged ${of} pages…`;
      return 'Checking the backup…';
  }
}

/** How a job ended: "Saved to …", "Cancelled — nothing was written", or why it failed. */
export function endText(p: DataProgress): string {
  if (p.state === 'done') {
    if (p.kind === 'restore') return `Merged the backup into your journal${p.message ? `: ${p.message}` : ''}.`;
    return `Saved to ${p.target ?? 'the chosen place'}${p.message ? ` (${p.message})` : ''}.`;
  }
  if (p.state === 'cancelled') {
    if (p.kind !== 'restore') return 'Cancelled — nothing was written.';
    // A merge stops between pages: each page is merged whole or not at all (restoreBackup).
    return p.phase === 'restoring' && p.done > 0
      ? `Cancelled — the ${plural(p.done, 'page')} merged before you cancelled stay merged, each one whole; nothing else changed.`
      : 'Cancelled — nothing in your journal changed.';
  }
  if (p.state === 'failed') return p.message ?? 'Something went wrong; nothing was written.';
  return progressText(p);
}

/** The determinate share, or null while the total is not known. */
export function progressShare(p: DataProgress): { now: number; max: number } | null {
  if (p.total > 0) return { now: Math.min(p.done, p.total), max: p.total };
  return null;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n: number): string => String(n).padStart(2, '0');
const dayKey = (d: Date): string => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;

/** "today 09:12", "yesterday 18:40", "28 November 09:12", "28 November 2025 09:12" (local time). */
export function whenText(at: number, now: number): string {
  const d = new Date(at);
  const n = new Date(now);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (dayKey(d) === dayKey(n)) return `today ${time}`;
  const y = new Date(n.getFullYear(), n.getMonth(), n.getDate() - 1);
  if (dayKey(d) === dayKey(y)) return `yesterday ${time}`;
  const date = `${d.getDate()} ${MONTHS[d.getMonth()]}${d.getFullYear() === n.getFullYear() ? '' : ` ${d.getFullYear()}`}`;
  return `${date} ${time}`;
}

/** "Last backup: today 09:12 (3 kept)". */
export function lastBackupText(view: AutoBackupView, now: number): string {
  if (!view.last) return view.enabled ? 'No daily backup yet — the first one is made in the next few minutes.' : 'No daily backup yet.';
  return `Last backup: ${whenText(view.last.at, now)} (${num(view.kept)} kept)`;
}

/** "Made 30 November 2026 at 09:12 · 1,204 pages · 87 people". */
export function previewText(p: RestorePreview): string {
  const d = new Date(p.createdAt);
  const made = `Made ${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()} at ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const device = p.device ? ` on ${p.device}` : '';
  return `${made}${device} · ${plural(p.pages, 'page')} · ${plural(p.people, 'person', 'people')}`;
}

export const MERGE_QUESTION = 'Merge this backup into your journal? Nothing in your journal is lost; pages in both are combined.';
export const MERGE_CANCEL_NOTE = 'If you cancel part way, the pages merged until then stay merged (each one whole), and nothing else changes.';
