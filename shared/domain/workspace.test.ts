import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createConversation,
  createPerson,
  ensureJournalPage,
  getPageMeta,
  initWorkspace,
  listPages,
  listPeople,
  pagesMap,
  peopleMap,
  pageDate,
  readPageMeta,
  readPageRecord,
  readPerson,
  renamePerson,
  setPageFields,
  touchPage,
} from './workspace';
import { EMPTY_FACTS } from './derivedFacts';

const stamp = (now = 1_000, deviceId = 'dev-a') => ({ now, deviceId });

function freshWorkspace(): Y.Doc {
  const ws = new Y.Doc();
  initWorkspace(ws);
  return ws;
}

/** The whole doc state as bytes, so "changed nothing" can be checked exactly. */
const snapshot = (ws: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(ws)).toString('base64');
/** The registry's content as JSON, to compare two replicas. */
const content = (ws: Y.Doc) => JSON.stringify([ws.getMap('meta'), peopleMap(ws), pagesMap(ws)].map((m) => m.toJSON()));

/** Sends each doc's missing updates to the other, as two devices would on reconnect. */
function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

describe('ensureJournalPage', () => {
  it('registers the day under a deterministic id and is idempotent', () => {
    const ws = freshWorkspace();
    const id = ensureJournalPage(ws, '2026-11-23', stamp(1_000));
    expect(id).toBe('day-2026-11-23');
    const before = snapshot(ws);
    expect(ensureJournalPage(ws, '2026-11-23', stamp(9_999, 'dev-b'))).toBe(id);
    expect(snapshot(ws)).toBe(before);
    expect(listPages(ws)).toHaveLength(1);
    expect(getPageMeta(ws, id)).toMatchObject({
      id,
      kind: 'journal',
      date: '2026-11-23',
      createdAt: 1_000,
      updatedAt: 1_000,
      createdOn: 'dev-a',
      preview: [],
      mentions: {},
    });
  });

  it('gives two devices the same id for the same day', () => {
    expect(ensureJournalPage(freshWorkspace(), '2026-01-05', stamp())).toBe(
      ensureJournalPage(freshWorkspace(), '2026-01-05', stamp(5, 'other')),
    );
  });

  it.each(['2026-02-30', '2026-13-01', '23/11/2026', '2026-1-5', '', 'day-2026-11-23'])(
    'rejects %j with a clear error and changes nothing',
    (bad) => {
      const ws = freshWorkspace();
      const before = snapshot(ws);
      expect(() => ensureJournalPage(ws, bad, stamp())).toThrow(/is not a calendar date \(YYYY-MM-DD\)/);
      expect(snapshot(ws)).toBe(before);
    },
  );
});

describe('createConversation', () => {
  it('creates a distinct page each time with a trimmed place', () => {
    const ws = freshWorkspace();
    const a = createConversation(ws, '2026-03-01', '  Café Lumen  ', stamp());
    const b = createConversation(ws, '2026-03-01', '', stamp());
    expect(a).not.toBe(b);
    expect(getPageMeta(ws, a)).toMatchObject({ kind: 'conversation', place: 'Café Lumen' });
  });
});

describe('createPerson / renamePerson', () => {
  it('trims and collapses whitespace, and registers a person page', () => {
    const ws = freshWorkspace();
    const person = createPerson(ws, '  Ada \t\n  Lovelace ', '2026-11-23', stamp(42));
    expect(person.name).toBe('Ada Lovelace');
    expect(person.createdAt).toBe(42);
    expect(listPeople(ws)).toEqual([person]);
    expect(getPageMeta(ws, person.id)).toMatchObject({ kind: 'person', date: '2026-11-23', createdAt: 42 });
  });

  it('caps very long names', () => {
    const person = createPerson(freshWorkspace(), 'x'.repeat(500), '2026-11-23', stamp());
    expect(person.name).toHaveLength(200);
  });

  it.each(['', '   ', '\n\t '])('rejects the empty name %j and leaves the doc unchanged', (name) => {
    const ws = freshWorkspace();
    const before = snapshot(ws);
    expect(() => createPerson(ws, name, '2026-11-23', stamp())).toThrow('A person needs a name.');
    expect(snapshot(ws)).toBe(before);
  });

  it('rejects a bad date for the person page and leaves the doc unchanged', () => {
    const ws = freshWorkspace();
    const before = snapshot(ws);
    expect(() => createPerson(ws, 'Ada', '2026-02-29', stamp())).toThrow(/not a calendar date/);
    expect(snapshot(ws)).toBe(before);
  });

  it('renames with the same normalisation and validates', () => {
    const ws = freshWorkspace();
    const { id } = createPerson(ws, 'Ada', '2026-11-23', stamp());
    renamePerson(ws, id, '  Ada   King ');
    expect(listPeople(ws)[0]?.name).toBe('Ada King');
    expect(() => renamePerson(ws, id, '  ')).toThrow('A person needs a name.');
    expect(() => renamePerson(ws, 'person-nope', 'Bob')).toThrow(/No person with id "person-nope"/);
    expect(listPeople(ws)[0]?.name).toBe('Ada King');
  });

  it('does not write when the name is unchanged', () => {
    const ws = freshWorkspace();
    const { id } = createPerson(ws, 'Ada', '2026-11-23', stamp());
    let updates = 0;
    ws.on('update', () => updates++);
    renamePerson(ws, id, ' Ada ');
    expect(updates).toBe(0);
  });
});

describe('setPageFields', () => {
  it('updates date and place and stamps updatedAt', () => {
    const ws = freshWorkspace();
    const id = createConversation(ws, '2026-03-01', 'Park', stamp(1_000));
    setPageFields(ws, id, { date: '2026-03-02', place: 'Library' }, 2_000);
    expect(getPageMeta(ws, id)).toMatchObject({ date: '2026-03-02', place: 'Library', updatedAt: 2_000 });
    setPageFields(ws, id, { place: 'Home' }, 3_000);
    expect(getPageMeta(ws, id)).toMatchObject({ date: '2026-03-02', place: 'Home', updatedAt: 3_000 });
  });

  it('rejects an invalid date without touching anything, and unknown pages', () => {
    const ws = freshWorkspace();
    const id = createConversation(ws, '2026-03-01', 'Park', stamp(1_000));
    const before = snapshot(ws);
    expect(() => setPageFields(ws, id, { date: '2026-04-31', place: 'Elsewhere' }, 2_000)).toThrow(
      /"2026-04-31" is not a calendar date/,
    );
    expect(snapshot(ws)).toBe(before);
    expect(() => setPageFields(ws, 'note-missing', { place: 'x' }, 2_000)).toThrow(/No page with id/);
  });
});

describe('touchPage', () => {
  it('moves updatedAt at most once per interval', () => {
    const ws = freshWorkspace();
    const id = ensureJournalPage(ws, '2026-11-23', stamp(100_000));
    touchPage(ws, id, 100_000 + 59_999);
    expect(getPageMeta(ws, id)?.updatedAt).toBe(100_000);
    touchPage(ws, id, 160_000);
    expect(getPageMeta(ws, id)?.updatedAt).toBe(160_000);
    touchPage(ws, id, 160_500);
    expect(getPageMeta(ws, id)?.updatedAt).toBe(160_000);
    touchPage(ws, id, 160_500, 100);
    expect(getPageMeta(ws, id)?.updatedAt).toBe(160_500);
  });

  it('ignores unknown pages', () => {
    const ws = freshWorkspace();
    const before = snapshot(ws);
    touchPage(ws, 'day-2000-01-01', 10 ** 9);
    expect(snapshot(ws)).toBe(before);
  });
});

describe('merging two devices', () => {
  it('merges concurrent edits of different fields field by field', () => {
    const a = freshWorkspace();
    const person = createPerson(a, 'Ada', '2026-11-23', stamp(1_000, 'dev-a'));
    const note = createConversation(a, '2026-11-20', 'Park', stamp(1_000, 'dev-a'));
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));

    // Offline on both: A renames the person and moves the note's date; B edits the note's place
    // and the person page's place.
    renamePerson(a, person.id, 'Ada Lovelace');
    setPageFields(a, note, { date: '2026-11-21' }, 2_000);
    setPageFields(b, note, { place: 'Library' }, 3_000);
    setPageFields(b, person.id, { place: 'London' }, 3_000);
    exchange(a, b);

    for (const ws of [a, b]) {
      expect(listPeople(ws)).toEqual([{ id: person.id, name: 'Ada Lovelace', createdAt: 1_000 }]);
      expect(getPageMeta(ws, note)).toMatchObject({ date: '2026-11-21', place: 'Library' });
      expect(getPageMeta(ws, person.id)).toMatchObject({ kind: 'person', place: 'London' });
    }
    expect(content(a)).toBe(content(b));
  });
});

describe('readPageMeta / readPerson on malformed records', () => {
  function rawRecord(fields: Record<string, unknown>): Y.Map<unknown> {
    const ws = new Y.Doc();
    const rec = new Y.Map<unknown>();
    pagesMap(ws).set('p', rec);
    for (const [k, v] of Object.entries(fields)) rec.set(k, v);
    return rec;
  }

  it('returns null without a known kind or a string date', () => {
    expect(readPageMeta('p', rawRecord({ kind: 'diary', date: '2026-01-01' }))).toBeNull();
    expect(readPageMeta('p', rawRecord({ date: '2026-01-01' }))).toBeNull();
    expect(readPageMeta('p', rawRecord({ kind: 'journal', date: 20260101 }))).toBeNull();
    // Every list parses page dates (days ago, sorting): a non-calendar date must not get through.
    expect(readPageMeta('p', rawRecord({ kind: 'journal', date: '2026-13-01' }))).toBeNull();
    expect(readPageMeta('p', rawRecord({ kind: 'journal', date: 'yesterday' }))).toBeNull();
  });

  it('falls back to defaults for wrongly typed fields', () => {
    const meta = readPageMeta(
      'p',
      rawRecord({ kind: 'conversation', date: '2026-01-01', place: 7, createdAt: 'yesterday', updatedAt: null, createdOn: { id: 1 } }),
    );
    expect(meta).toEqual({
      id: 'p',
      kind: 'conversation',
      date: '2026-01-01',
      place: '',
      createdAt: 0,
      updatedAt: 0,
      createdOn: '',
      preview: [],
      mentions: {},
      contacts: [],
      followUps: [],
      askNext: [],
      introduction: null,
    });
  });

  it('ignores derived fields an older version wrote into the record: they come from the derived index', () => {
    const rec = rawRecord({
      kind: 'journal',
      date: '2026-01-01',
      preview: ['stale preview'],
      mentions: { 'person-a': ['stale'] },
      contacts: ['person-a'],
      followUps: [{ key: 'k', parts: ['x'], personIds: ['person-a'], checked: false }],
      askNext: [['stale']],
    });
    expect(readPageRecord('p', rec)).toEqual({
      id: 'p', kind: 'journal', date: '2026-01-01', place: '', createdAt: 0, updatedAt: 0, createdOn: '', introduction: null,
    });
    expect(readPageMeta('p', rec)).toMatchObject({ preview: [], mentions: {}, contacts: [], followUps: [], askNext: [] });
    const facts = { ...EMPTY_FACTS, preview: ['fresh'], contacts: ['person-b'] };
    expect(readPageMeta('p', rec, facts)).toMatchObject({ date: '2026-01-01', preview: ['fresh'], contacts: ['person-b'], mentions: {} });
  });

  it('composes lists with the facts it is given, page by page', () => {
    const ws = freshWorkspace();
    const a = ensureJournalPage(ws, '2026-11-23', stamp());
    const b = ensureJournalPage(ws, '2026-11-24', stamp());
    const facts = new Map([[a, { ...EMPTY_FACTS, mentions: { 'person-x': [{ p: 'person-x' }] } }]]);
    const pages = listPages(ws, (id) => facts.get(id));
    expect(pages.find((p) => p.id === a)?.mentions).toEqual({ 'person-x': [{ p: 'person-x' }] });
    expect(pages.find((p) => p.id === b)?.mentions).toEqual({});
    expect(getPageMeta(ws, a, (id) => facts.get(id))?.mentions).toEqual({ 'person-x': [{ p: 'person-x' }] });
    expect(pageDate(ws, b)).toBe('2026-11-24');
    expect(pageDate(ws, 'nope')).toBeNull();
  });

  it('new page records hold authored fields only', () => {
    const ws = freshWorkspace();
    const id = createConversation(ws, '2026-11-23', 'Park', stamp());
    expect([...pagesMap(ws).get(id)!.keys()].sort()).toEqual(['createdAt', 'createdOn', 'date', 'kind', 'place', 'updatedAt']);
  });

  it('skips a page record that is not a Y.Map, so lists still load', () => {
    const ws = freshWorkspace();
    const good = ensureJournalPage(ws, '2026-11-23', stamp());
    // A buggy device wrote a plain object (or a number) instead of a Y.Map.
    pagesMap(ws).set('day-2026-11-24', { kind: 'journal', date: '2026-11-24' } as unknown as Y.Map<unknown>);
    pagesMap(ws).set('junk', 5 as unknown as Y.Map<unknown>);
    expect(listPages(ws).map((p) => p.id)).toEqual([good]);
    expect(getPageMeta(ws, 'day-2026-11-24')).toBeNull();
  });

  it('reads a person with a bad or missing name as an empty name', () => {
    const ws = freshWorkspace();
    const rec = new Y.Map<unknown>();
    peopleMap(ws).set('person-x', rec);
    rec.set('name', 12);
    expect(readPerson('person-x', rec)).toEqual({ id: 'person-x', name: '', createdAt: 0 });
    peopleMap(ws).set('person-y', 'Bob' as unknown as Y.Map<unknown>);
    expect(listPeople(ws)).toEqual([
      { id: 'person-x', name: '', createdAt: 0 },
      { id: 'person-y', name: '', createdAt: 0 },
    ]);
  });
});
