import type { MergePreviewView, MergeProgressEvent } from '../../../../shared/host/slices/people';

/** Words for merging two people: what moves, how far it got. Plain, no jargon. */

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "3 conversations, 2 dates, 1 interest, how you met" — or "nothing else" when only the name moves. */
export function mergeSummary(p: MergePreviewView): string {
  const parts: string[] = [];
  if (p.conversations > 0) parts.push(count(p.conversations, 'conversation'));
  if (p.dates > 0) parts.push(count(p.dates, 'date'));
  if (p.interests > 0) parts.push(count(p.interests, 'interest'));
  if (p.checkIn) parts.push('their check-in reminder');
  if (p.howWeMet) parts.push('how you met');
  if (p.introductions > 0) parts.push(count(p.introductions, 'introduction'));
  return parts.length ? parts.join(', ') : 'nothing else';
}

/** What the status line says while a merge runs or when it ended. */
export function mergeProgressText(e: MergeProgressEvent, dropName: string): string {
  switch (e.phase) {
    case 'people':
      return `Merging ${dropName}…`;
    case 'pages':
      return e.total > 0 ? `Updating the pages that mention ${dropName}… ${e.done} of ${e.total}` : `Updating pages…`;
    case 'done':
      return 'Merged.';
    case 'cancelled':
      return e.message ?? 'Merge cancelled: nothing was changed.';
    case 'failed':
      return `The merge did not finish: ${e.message ?? 'an unknown error'}.`;
  }
}

/** "Samuel Lee" stays findable under the name that is not kept. */
export function formerNameNote(kept: string, other: string): string {
  return kept === other ? '' : `“${other}” is kept as a former name, so searching for it still finds them.`;
}
