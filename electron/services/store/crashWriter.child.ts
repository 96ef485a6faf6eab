/**
 * Test child for the crash test: opens the store, then keeps appending numbered words to a few
 * docs at once (so batches group several docs), telling the parent after each acknowledged
 * write how many words that doc has. The parent SIGKILLs it at a random moment.
 * argv: <dataDir>
 */
import * as Y from 'yjs';
import { CRASH_DOCS, crashWord } from './crashWriter.testkit';
import { openLevelStore } from './index';

async function main(): Promise<void> {
  const dir = process.argv[2] as string;
  const store = await openLevelStore(dir);
  const send = (m: unknown): void => {
    process.send?.(m);
  };
  const writers = CRASH_DOCS.map(async (docId, i) => {
    const doc = new Y.Doc();
    const stored = await store.getUpdate(docId);
    if (stored) Y.applyUpdate(doc, stored);
    const text = doc.getText('body');
    let n = text.length === 0 ? 0 : text.toString().trim().split(' ').length;
    let pending: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => pending.push(u));
    for (let k = 0; ; k++) {
      // Mostly single words; sometimes a long paste (pushes docs past the compaction threshold).
      const words = (k + i) % 17 === 0 ? 40 : 1;
      doc.transact(() => {
        for (let w = 0; w < words; w++) text.insert(text.length, crashWord(docId, n + w));
        doc.getMap('meta').set('words', n + words);
      });
      const update = pending.length === 1 ? (pending[0] as Uint8Array) : Y.mergeUpdates(pending);
      pending = [];
      await store.applyUpdate(docId, update, 'crash-writer');
      n += words;
      send({ t: 'ack', docId, words: n });
      if (k === 0 && i === 0) send({ t: 'ready' });
    }
  });
  await Promise.all(writers);
}

main().catch((err: unknown) => {
  process.stderr.write(`crash writer failed: ${String(err)}\n`);
  process.exit(3);
});
