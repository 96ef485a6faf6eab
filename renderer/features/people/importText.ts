import type { ContactsPreviewView } from '../../../shared/host/slices/contacts';

/** Plain words for the contacts import dialog (kept apart from React so they can be tested). */

const people = (n: number): string => (n === 1 ? '1 person' : `${n} people`);

/** "12 people will be added, 2 updated, 3 skipped". */
export function previewSummary(view: Pick<ContactsPreviewView, 'add' | 'update' | 'skip'>): string {
  return `${people(view.add.length)} will be added, ${view.update.length} updated, ${view.skip.length} skipped`;
}

/** "Added 12 people." / "Added 1 person and updated 2." / "Nothing changed." */
export function resultText(result: { added: number; updated: number }): string {
  if (result.added === 0 && result.updated === 0) return 'Nothing changed: everyone was already here.';
  if (result.updated === 0) return `Added ${people(result.added)}.`;
  if (result.added === 0) return `Updated ${people(result.updated)}.`;
  return `Added ${people(result.added)} and updated ${result.updated}.`;
}

/** Whether a dropped or chosen file looks like a contacts file (by name or type). */
export function isContactsFile(file: { name: string; type: string }): boolean {
  return /\.(vcf|vcard)$/i.test(file.name) || /^text\/(x-)?vcard$/i.test(file.type);
}

/** "card 3 of friends.vcf" / "friends.vcf". */
export function where(file: string, card: number | null): string {
  return card === null ? file : `card ${card} of ${file}`;
}

/** Turns a host error into a sentence for the dialog. */
export function importError(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === 'object' && err && 'message' in err ? String((err as { message: unknown }).message) : String(err);
  const code = typeof err === 'object' && err && 'code' in err ? String((err as { code: unknown }).code) : null;
  if (code === 'unknown_method') return 'This version of Kindred can’t import contacts here. Update Kindred, then try again.';
  // The router ends its own sentence after the schema's ("…at once.."): say it once.
  const message = raw.replace(/^Invalid params for "[^"]*"(?: at "[^"]*")?: /, '').replace(/\.\.$/, '.').trim();
  return message ? (/[.!?]$/.test(message) ? message : `${message}.`) : 'Something went wrong; nothing was imported.';
}
