/**
 * Entry of a forked journal process for plain Node (tests): `fork(thisFile, [dataDir], {
 * serialization: 'advanced' })`. Electron's entry (electron/storeProcess) runs the same
 * runJournalChild over `process.parentPort`.
 */
import { runJournalChild } from './journalChild';
import { processPort } from './store/port/childEntry';
import { syncEnv } from './sync/syncEnv';

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: journalChild.entry <dataDir>\n');
  process.exit(2);
}
// Sync settings as the Electron entry reads them (tests pass KINDRED_SYNC_BOOTSTRAP=none etc.);
// KINDRED_KEYCHAIN_OVER_PORT=1 asks the parent for the keychain, as Electron main serves it.
const sync = syncEnv();
const child = runJournalChild(processPort(), dataDir, {
  keychainOverPort: process.env.KINDRED_KEYCHAIN_OVER_PORT === '1',
  peerSync: sync.enabled
    ? { defaultName: sync.defaultName, lan: sync.lan ? {} : false, ...(sync.bootstrap ? { bootstrap: sync.bootstrap } : {}) }
    : false,
});
process.once('disconnect', () => {
  void child.stop().then(() => process.exit(0));
});
