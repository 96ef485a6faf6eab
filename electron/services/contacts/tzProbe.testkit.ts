/**
 * Run as a child process under a given TZ (importVcards.tz.test.ts): imports the shared fixtures
 * (when present) and this folder's dates.vcf into a fresh in-memory store and prints every
 * person's name and dates as JSON, plus the zone's UTC offset to prove TZ took effect.
 */
import { openMemoryStore } from '../store';
import { allSharedFiles, HAVE_SHARED_FIXTURES, importFiles, ownFile, peopleIn } from './contacts.testkit';

async function main(): Promise<void> {
  const files = [...(HAVE_SHARED_FIXTURES ? allSharedFiles() : []), ownFile('dates.vcf'), ownFile('apple-crcrlf-item-labels.vcf')];
  const store = await openMemoryStore();
  try {
    await importFiles(store, files);
    const people = (await peopleIn(store)).map((p) => ({ name: p.name, birthday: p.birthday, dates: p.dates }));
    const offsetMinutes = new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset();
    process.stdout.write(JSON.stringify({ tz: process.env.TZ, offsetMinutes, shared: HAVE_SHARED_FIXTURES, people }));
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err));
  process.exitCode = 1;
});
