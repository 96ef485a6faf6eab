import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyCachedRows } from './applyCachedRows';

/** A registry shaped like the workspace doc's: a map of small maps, written by a few sessions. */
function registry(records: number, sessions = 3): Y.Doc {
  const docs = Array.from({ length: sessions }, () => new Y.Doc());
  for (let i = 0; i < records; i++) {
    const d = docs[i % sessions]!;
    const rec = new Y.Map<unknown>();
    d.getMap('pages').set(`note-${i}`, rec);
    rec.set('kind', 'note');
    rec.set('date', `2025-01-${String((i % 28) + 1).padStart(2, '0')}`);
    rec.set('title', `A conversation about the garden, number ${i} — café ☕`);
    rec.set('updatedAt', 1_767_139_200_000 + i);
    // Sessions hear each other now and then, so later records depend on other sessions' ones.
    if (i % 97 === 0) for (const other of docs) if (other !== d) Y.applyUpdate(other, Y.encodeStateAsUpdate(d));
  }
  for (const d of docs.slice(1)) Y.applyUpdate(docs[0]!, Y.encodeStateAsUpdate(d));
  docs[0]!.getMap('pages').delete('note-3');
  return docs[0]!;
}

function loadCounting(rows: unknown[], sliceBytes: number) {
  const doc = new Y.Doc();
  const origin = { name: 'cache' };
  let yields = 0;
  let transactions = 0;
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.origin === origin) transactions++;
  });
  const run = applyCachedRows(doc, rows, origin, {
    sliceBytes,
    yieldNow: async () => {
      yields++;
    },
  });
  return { doc, run, counts: () => ({ yields, transactions }) };
}

describe('applyCachedRows', () => {
  it('applies a large row a slice per transaction, with the browser let in between, to the same doc', async () => {
    const source = registry(3_000);
    const row = Y.encodeStateAsUpdate(source);
    expect(row.length).toBeGreaterThan(100_000);
    const { doc, run, counts } = loadCounting([row], 16 * 1024);
    expect(await run).toEqual({ rows: 1, damaged: 0 });
    expect(doc.getMap('pages').toJSON()).toEqual(source.getMap('pages').toJSON());
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(source));
    expect(doc.getMap('pages').has('note-3')).toBe(false);
    const { yields, transactions } = counts();
    expect(transactions).toBeGreaterThanOrEqual(Math.floor(row.length / (16 * 1024)));
    expect(yields).toBeGreaterThanOrEqual(transactions - 1);
    expect(doc.store.pendingStructs).toBeNull();
  });

  it('applies a small doc’s rows in one transaction, without yielding', async () => {
    const source = new Y.Doc();
    const rows: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => rows.push(u));
    const text = source.getText('t');
    for (const w of ['Lunch', 'with', 'Ana', 'at', 'the', 'market']) text.insert(text.length, `${w} `);
    const { doc, run, counts } = loadCounting(rows, 64 * 1024);
    expect(await run).toEqual({ rows: 6, damaged: 0 });
    expect(doc.getText('t').toString()).toBe('Lunch with Ana at the market ');
    expect(counts()).toEqual({ yields: 0, transactions: 1 });
  });

  it('skips damaged rows (not bytes, zero-filled, truncated, garbage) and keeps the good ones', async () => {
    const source = registry(800, 1);
    const good = Y.encodeStateAsUpdate(source);
    const later = new Y.Doc();
    Y.applyUpdate(later, good);
    const rows: unknown[] = [];
    later.on('update', (u: Uint8Array) => rows.push(u));
    later.getMap('pages').set('note-late', 'written after');
    const truncated = good.slice(0, Math.floor(good.length * 0.6));
    const { doc, run } = loadCounting([good, 'not bytes', new Uint8Array(40), truncated, ...rows], 8 * 1024);
    const result = await run;
    expect(result.rows).toBe(5);
    expect(result.damaged).toBe(3);
    expect(doc.getMap('pages').toJSON()).toEqual(later.getMap('pages').toJSON());
  });

  it('drops structs that wait for data no row had, and says the cache was damaged', async () => {
    const a = new Y.Doc();
    a.getText('t').insert(0, 'first ');
    const past = Y.encodeStateAsUpdate(a);
    const sv = Y.encodeStateVector(a);
    a.getText('t').insert(6, 'second');
    const onlyLater = Y.encodeStateAsUpdate(a, sv); // needs `past`, which no row has
    const { doc, run } = loadCounting([onlyLater], 64 * 1024);
    expect((await run).damaged).toBe(1);
    expect(doc.store.pendingStructs).toBeNull();
    expect(doc.getText('t').toString()).toBe('');
    // With its past it loads whole.
    const whole = loadCounting([past, onlyLater], 64 * 1024);
    expect((await whole.run).damaged).toBe(0);
    expect(whole.doc.getText('t').toString()).toBe('first second');
  });

  it('stops between slices once the doc is closed', async () => {
    const row = Y.encodeStateAsUpdate(registry(2_000, 1));
    const doc = new Y.Doc();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const result = await applyCachedRows(doc, [row], null, {
      sliceBytes: 8 * 1024,
      yieldNow: async () => undefined,
      stopped: () => transactions >= 2,
    });
    expect(transactions).toBe(2);
    expect(result.rows).toBe(1);
    expect(doc.getMap('pages').size).toBeGreaterThan(0);
    expect(doc.getMap('pages').size).toBeLessThan(2_000);
  });
});
