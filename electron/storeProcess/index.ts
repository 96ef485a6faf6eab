/**
 * Entry of the journal's store process in Electron (utilityProcess.fork of out/main/storeProcess.js).
 * Plain Node: opens the LevelDB store in the folder main names, starts the derived index beside
 * it, and serves both to main over `process.parentPort`. Main closes the store over that port before it ends this process, so
 * nothing acknowledged is ever pending here when it exits.
 */
import { runJournalChild } from '../services/journalChild';
import { syncEnv } from '../services/sync/syncEnv';
import { dataDirFromArgv, parentPortAdapter, type ParentPortLike } from './parentPort';

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
const dataDir = dataDirFromArgv(process.argv);
if (!parentPort || !dataDir) {
  process.stderr.write('kindred store process: start me with utilityProcess.fork(…, ["--kindred-data=<dir>"])\n');
  process.exit(2);
}
// The store, the derived index that follows its change log, and peer-to-peer sync, on one port
// (three channels). Sync runs here so it goes on with every window closed.
const sync = syncEnv();
runJournalChild(parentPortAdapter(parentPort), dataDir, {
  // Main wraps the device's identity key with the OS keychain (safeStorage) where there is one.
  keychainOverPort: true,
  peerSync: sync.enabled
    ? { defaultName: sync.defaultName, lan: sync.lan ? {} : false, ...(sync.bootstrap ? { bootstrap: sync.bootstrap } : {}) }
    : false,
});
