import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FIELD_LIMITS, excerpt, limitField, stripBidiControls } from './fieldLimits';
import { createConversation, createPerson, initWorkspace, normalizeName, readPageRecord, pagesMap, renamePerson, setPageFields, listPeople } from './workspace';
import { fastest } from '../testing/fastest.testkit';

const RLO = '\u202E';
const LRE = '\u202A';
const PDF = '\u202C';
const RLI = '\u2067';
const PDI = '\u2069';
const stamp = { now: 1, deviceId: 'dev' };



describe('names are saved without bidi overrides', () => {
  it('strips every explicit embedding and override (U+202A–U+202E)', () => {
    expect(normalizeName(`${RLO}Ana${PDF} Lopez`)).toBe('Ana Lopez');
    expect(normalizeName(`evil${LRE}\u202B\u202C\u202D\u202Egpj.exe`)).toBe('evilgpj.exe');
  });

  it('keeps properly paired isolates, drops unpaired ones', () => {
    expect(stripBidiControls(`${RLI}مريم${PDI} Haddad`)).toBe(`${RLI}مريم${PDI} Haddad`);
    expect(stripBidiControls(`${RLI}Ana`)).toBe('Ana');
    expect(stripBidiControls(`Ana${PDI}`)).toBe('Ana');
    expect(stripBidiControls(`${RLI}${RLI}a${PDI}`)).toBe(`${RLI}a${PDI}`);
  });

  it('creating or renaming someone goes through it', () => {
    const ws = new Y.Doc();
    initWorkspace(ws);
    const p = createPerson(ws, `${RLO}Mallory`, '2026-01-01', stamp);
    expect(p.name).toBe('Mallory');
    renamePerson(ws, p.id, `Bob ${RLO}kcab`);
    expect(listPeople(ws)[0]!.name).toBe('Bob kcab');
    expect(() => renamePerson(ws, p.id, `${RLO}${PDF}`)).toThrow('A person needs a name.');
  });
});

describe('field limits', () => {
  it('cuts names to the limit and never leaves half an emoji', () => {
    expect(normalizeName('x'.repeat(50_000))).toHaveLength(FIELD_LIMITS.name);
    const emoji = `${'a'.repeat(FIELD_LIMITS.name - 1)}😀`;
    expect(normalizeName(emoji)).toBe('a'.repeat(FIELD_LIMITS.name - 1));
  });

  it('says when something was cut', () => {
    expect(limitField('interest', 'jazz')).toEqual({ value: 'jazz', cut: false });
    const long = limitField('interest', 'j'.repeat(1_000));
    expect(long.cut).toBe(true);
    expect(long.value).toHaveLength(FIELD_LIMITS.interest);
  });

  it('quotes at most a short excerpt', () => {
    expect(excerpt('short')).toBe('short');
    const e = excerpt(','.repeat(1_000_000));
    expect(e.length).toBeLessThanOrEqual(61);
    expect(e.endsWith('…')).toBe(true);
  });

  it('a place is saved at most FIELD_LIMITS.place long', () => {
    const ws = new Y.Doc();
    initWorkspace(ws);
    const id = createConversation(ws, '2026-01-02', 'p'.repeat(10_000), stamp);
    expect(readPageRecord(id, pagesMap(ws).get(id)!)!.place).toHaveLength(FIELD_LIMITS.place);
    setPageFields(ws, id, { place: 'q'.repeat(10_000) }, 2);
    expect(readPageRecord(id, pagesMap(ws).get(id)!)!.place).toHaveLength(FIELD_LIMITS.place);
  });

  it('50,000-character names normalise in well under 50 ms', () => {
    // A linear pass over 50k characters takes ~1 ms here; 50 ms leaves 50× headroom for a
    // loaded 2-core machine, while a quadratic pass (2.5e9 steps) would take seconds.
    const hostile = `${RLO}${PDI}`.repeat(25_000);
    const ms = fastest(() => {
      normalizeName(hostile);
      normalizeName('a '.repeat(25_000));
    });
    expect(ms).toBeLessThan(50);
  });
});
