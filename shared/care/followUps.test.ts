import { describe, expect, it } from 'vitest';
import type { Block } from '../pages/pageBlocks';
import { item, nameOf } from './care.testkit';
import { applyOverrides, extractFollowUps, openFollowUps, shortHash } from './followUps';
import type { FollowUp } from './types';

const DAY = '2026-11-23'; // a Monday

describe('extractFollowUps', () => {
  const recipe = item(false, 'send ', { m: 'maria' }, ' the sourdough recipe next Tuesday');

  it('turns a checklist item that mentions someone into a follow-up with a due date', () => {
    const [f, ...rest] = extractFollowUps('p1', DAY, [recipe], nameOf);
    expect(rest).toEqual([]);
    expect(f).toEqual({
      key: `p1:${shortHash('send @<maria> the sourdough recipe next Tuesday')}`,
      pageId: 'p1',
      pageDate: DAY,
      text: 'send @Maria the sourdough recipe next Tuesday',
      personIds: ['maria'],
      checked: false,
      due: '2026-12-01',
    });
  });

  it('ignores blocks that are not checklist items, and items that mention no one', () => {
    const blocks: Block[] = [
      { type: 'paragraph', inlines: [{ text: 'call ' }, { mention: 'sam' }] },
      { type: 'listitem', inlines: [{ text: 'bullet about ' }, { mention: 'sam' }] }, // bullet: no checkbox
      item(false, 'buy flour tomorrow'),
    ];
    expect(extractFollowUps('p1', DAY, blocks, nameOf)).toEqual([]);
  });

  it('disappears when the mention is removed from the item', () => {
    expect(extractFollowUps('p1', DAY, [recipe], nameOf)).toHaveLength(1);
    const edited = item(false, 'send Maria the sourdough recipe next Tuesday');
    expect(extractFollowUps('p1', DAY, [edited], nameOf)).toEqual([]);
  });

  it('lists a person mentioned twice in one item once, keeping mention order', () => {
    const twice = item(false, { m: 'sam' }, ' and ', { m: 'maria' }, ': dinner with ', { m: 'sam' }, "'s sister");
    const [f] = extractFollowUps('p1', DAY, [twice], nameOf);
    expect(f?.personIds).toEqual(['sam', 'maria']);
    expect(f?.text).toBe("@Sam and @Maria: dinner with @Sam's sister");
  });

  it('gives the same item written twice on a page two keys, the second with #2', () => {
    const a = item(false, 'call ', { m: 'sam' });
    const b = item(true, 'call ', { m: 'sam' });
    const [first, second] = extractFollowUps('p1', DAY, [a, b], nameOf);
    expect(first?.key).toBe(`p1:${shortHash('call @<sam>')}`);
    expect(second?.key).toBe(`${first?.key}#2`);
    expect(second?.checked).toBe(true);
    // Adding the duplicate did not change the first one's key.
    expect(extractFollowUps('p1', DAY, [a], nameOf)[0]?.key).toBe(first?.key);
  });

  it('keeps keys across renames, ticking the box, whitespace and other edits on the page', () => {
    const before = extractFollowUps('p1', DAY, [recipe], nameOf)[0]?.key;
    const renamed = extractFollowUps('p1', DAY, [recipe], () => 'Maria Lopez');
    expect(renamed[0]?.key).toBe(before);
    expect(renamed[0]?.text).toBe('send @Maria Lopez the sourdough recipe next Tuesday');
    const ticked = item(true, 'send  ', { m: 'maria' }, ' the sourdough recipe next Tuesday ');
    const page = [item(false, 'new item for ', { m: 'sam' }), ticked];
    expect(extractFollowUps('p1', DAY, page, nameOf)[1]?.key).toBe(before);
    // Different pages, different keys.
    expect(extractFollowUps('p2', DAY, [recipe], nameOf)[0]?.key).not.toBe(before);
  });

  it('never reads a person called May or June as a month', () => {
    const may = item(false, 'ask ', { m: 'may' }, ' about the trip');
    const june = item(false, { m: 'june' }, ' 14 tickets');
    expect(extractFollowUps('p1', DAY, [may, june], nameOf).map((f) => f.due)).toEqual([null, null]);
    // The same words typed as plain text would be dates.
    expect(extractFollowUps('p1', DAY, [item(false, 'June 14 tickets for ', { m: 'sam' })], nameOf)[0]?.due).toBe('2027-06-14');
  });

  it('reads due dates relative to the page date, not today', () => {
    const f = extractFollowUps('p1', '2026-03-07', [item(false, 'visit ', { m: 'sam' }, ' in 2 weeks')], nameOf);
    expect(f[0]?.due).toBe('2026-03-21');
  });
});

function fu(key: string, pageDate: string, due: string | null, checked = false): FollowUp {
  return { key, pageId: key.split(':')[0] ?? key, pageDate, text: key, personIds: ['sam'], checked, due };
}

describe('applyOverrides', () => {
  it('sets, clears and keeps due dates, and marks done', () => {
    const list = [fu('a:1', DAY, '2026-12-01'), fu('b:1', DAY, null), fu('c:1', DAY, '2026-12-05'), fu('d:1', DAY, null)];
    const out = applyOverrides(list, {
      'a:1': { due: null },
      'b:1': { due: '2026-11-30' },
      'c:1': { doneOn: '2026-11-23' },
      'gone:1': { due: '2026-01-01' },
    });
    expect(out.map((f) => [f.due, f.checked])).toEqual([
      [null, false],
      ['2026-11-30', false],
      ['2026-12-05', true],
      [null, false],
    ]);
    expect(out[3]).toBe(list[3]);
    expect(list[0]?.due).toBe('2026-12-01'); // the input is not changed
  });
});

describe('openFollowUps', () => {
  it('drops checked ones and sorts by due date (undated last), then page date', () => {
    const list = [
      fu('n2:1', '2026-11-20', null),
      fu('late:1', '2026-11-01', '2026-12-10'),
      fu('done:1', '2026-11-01', '2026-11-02', true),
      fu('n1:1', '2026-11-02', null),
      fu('soon:2', '2026-11-15', '2026-11-20'),
      fu('soon:1', '2026-11-10', '2026-11-20'),
    ];
    const open = openFollowUps(list, DAY);
    expect(open.map((f) => f.key)).toEqual(['soon:1', 'soon:2', 'late:1', 'n1:1', 'n2:1']);
    expect(open.map((f) => f.overdueDays)).toEqual([3, 3, -17, null, null]);
  });
});
