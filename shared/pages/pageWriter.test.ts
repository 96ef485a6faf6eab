import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readPageBlocks } from './pageBlocks';
import { appendBlocks, para, pageDocWith } from './pageDoc.testkit';
import { appendCopyOf, hasContent, mentionedIds, MERGED_FROM_ATTR, rewriteMentions } from './pageWriter';

describe('rewriteMentions', () => {
  it('repoints only the mapped mentions, keeps "talked about" and text, in one transaction', () => {
    const doc = pageDocWith('p1', [para('Saw ', { m: 'drop' }, ' and ', { m: 'ana' }), para('About ', { m: 'drop', about: true }, '.')]);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    let transactions = 0;
    doc.on('afterTransaction', (t: Y.Transaction) => t.origin === 'merge' && transactions++);
    expect(rewriteMentions(doc, (id) => (id === 'drop' ? 'keep' : null), 'merge')).toBe(2);
    expect(transactions).toBe(1);
    expect(readPageBlocks(doc)).toEqual([
      para('Saw ', { m: 'keep' }, ' and ', { m: 'ana' }),
      para('About ', { m: 'keep', about: true }, '.'),
    ]);
    expect(mentionedIds(doc)).toEqual(new Set(['keep', 'ana']));
    // A concurrent edit on another replica (a new mention of the dropped id) merges beside it.
    appendBlocks(other, [para('Later ', { m: 'drop' })]);
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(readPageBlocks(other)).toEqual(readPageBlocks(doc));
    expect(rewriteMentions(doc, (id) => (id === 'drop' ? 'keep' : null))).toBe(1);
    expect(rewriteMentions(doc, (id) => (id === 'drop' ? 'keep' : null))).toBe(0);
  });
});

describe('appendCopyOf', () => {
  it('appends a marked heading and a deep copy of every block, once', () => {
    const source = pageDocWith('drop', [para('Loves ', { m: 'drop' }, ' pottery'), { type: 'listitem', checked: false, inlines: [{ text: 'lend book' }] }]);
    const target = pageDocWith('keep', [para('Old friend')]);
    expect(appendCopyOf(target, source, [{ text: 'From ' }, { mention: 'drop' }, { text: '’s page:' }], 'drop', 'merge')).toBe(true);
    expect(readPageBlocks(target)).toEqual([
      para('Old friend'),
      para('From ', { m: 'drop' }, '’s page:'),
      para('Loves ', { m: 'drop' }, ' pottery'),
      { type: 'listitem', checked: false, inlines: [{ text: 'lend book' }] },
    ]);
    const marked = (target.get('root', Y.XmlText).toDelta() as { insert: Y.XmlText }[])[1]!.insert;
    expect(marked.getAttribute(MERGED_FROM_ATTR)).toBe('drop');
    // Again (a resumed merge): nothing is added twice. The source is untouched.
    expect(appendCopyOf(target, source, [{ text: 'From' }], 'drop')).toBe(false);
    expect(readPageBlocks(target)).toHaveLength(4);
    expect(readPageBlocks(source)).toHaveLength(2);
    // The copy is independent of the source: it survives a round trip through an update alone.
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(target));
    expect(readPageBlocks(reloaded)).toEqual(readPageBlocks(target));
  });

  it('copies nothing from an empty page (or one with only an empty paragraph)', () => {
    const empty = pageDocWith('drop', [{ type: 'paragraph', inlines: [] }]);
    expect(hasContent(empty)).toBe(false);
    const target = pageDocWith('keep', [para('x')]);
    const sv = Y.encodeStateVector(target);
    expect(appendCopyOf(target, empty, [{ text: 'From' }], 'drop')).toBe(false);
    expect(Y.encodeStateVector(target)).toEqual(sv);
  });
});
