/**
 * Entry of the journal's store process in Electron (utilityProcess.fork of out/main/storeProcess.js).
 * Plain Node: opens the LevelDB store in the folder main names, starts the derived index beside
 * it, and serves both to main over `process.parentPort`. Main closes the store over that port before it ends this process, so
 * nothing acknowledged is ever pending here when it exits.
 */
import { runJournalChild } from '../services/journalChild';
import { dataDirFromArgv, parentPortAdapter, type ParentPortLike } from './parentPort';

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
const dataDir = dataDirFromArgv(process.argv);
if (!parentPort || !dataDir) {
  process.stderr.write('kindred store process: start me with utilityProcess.fork(…, ["--kindred-data=<dir>"])\n');
  process.exit(2);
}
// The store and the derived index that follows its change log, on one port (two channels).
runJournalChild(parentPortAdapter(parentPort), dataDir);
