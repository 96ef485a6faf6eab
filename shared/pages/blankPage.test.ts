import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isBlankPage } from './blankPage';
import { appendBlocks } from './pageDoc.testkit';

describe('isBlankPage', () => {
  it('is true for a doc with no root, an empty root, and a single empty paragraph', () => {
    expect(isBlankPage(new Y.Doc())).toBe(true);
    const empty = new Y.Doc();
    empty.get('root', Y.XmlText);
    expect(isBlankPage(empty)).toBe(true);
    const seeded = new Y.Doc();
    appendBlocks(seeded, [{ type: 'paragraph', inlines: [] }]);
    expect(isBlankPage(seeded)).toBe(true);
  });

  it('is false once anything is written: text (even spaces), a mention, a second block', () => {
    const cases = [
      [{ type: 'paragraph', inlines: [{ text: 'hello' }] }],
      [{ type: 'paragraph', inlines: [{ text: '  ' }] }],
      [{ type: 'paragraph', inlines: [{ mention: 'person-1' }] }],
      [
        { type: 'paragraph', inlines: [] },
        { type: 'paragraph', inlines: [] },
      ],
    ] as const;
    for (const blocks of cases) {
      const doc = new Y.Doc();
      appendBlocks(doc, blocks as never);
      expect(isBlankPage(doc), JSON.stringify(blocks)).toBe(false);
    }
    const other = new Y.Doc();
    other.getText('t').insert(0, 'x');
    expect(isBlankPage(other)).toBe(false);
    const photo = new Y.Doc();
    photo.getMap('profile').set('photo', 'bytes');
    expect(isBlankPage(photo)).toBe(false);
  });
});
