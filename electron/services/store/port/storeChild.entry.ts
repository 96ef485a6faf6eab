/**
 * Entry of a forked store process for plain Node (tests; the Node web host runs the store
 * in-process instead): `fork(thisFile, [dataDir], { serialization: 'advanced' })`.
 */
import { processPort, runStoreChild } from './childEntry';

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: storeChild.entry <dataDir>\n');
  process.exit(2);
}
const child = runStoreChild(processPort(), dataDir);
process.once('disconnect', () => {
  void child.stop().then(() => process.exit(0));
});
