/**
 * Entry of a forked journal process for plain Node (tests): `fork(thisFile, [dataDir], {
 * serialization: 'advanced' })`. Electron's entry (electron/storeProcess) runs the same
 * runJournalChild over `process.parentPort`.
 */
import { runJournalChild } from './journalChild';
import { processPort } from './store/port/childEntry';

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: journalChild.entry <dataDir>\n');
  process.exit(2);
}
const child = runJournalChild(processPort(), dataDir);
process.once('disconnect', () => {
  void child.stop().then(() => process.exit(0));
});
