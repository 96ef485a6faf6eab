import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addExternalIds, externalIdKey, readExternalIds } from './externalIds';
import { createPerson, peopleMap } from './workspace';

const stamp = { now: 1, deviceId: 'd' };

describe('external ids on a person', () => {
  it('a new person has an empty set; adding twice writes nothing the second time', () => {
    const ws = new Y.Doc();
    const id = createPerson(ws, 'Ana', '2026-01-01', stamp).id;
    const rec = peopleMap(ws).get(id)!;
    expect(rec.get('externalIds')).toBeInstanceOf(Y.Map);
    addExternalIds(ws, id, [externalIdKey('vcard-uid', 'abc'), externalIdKey('email', 'ana@example.org')]);
    expect(readExternalIds(rec).sort()).toEqual(['email:ana@example.org', 'vcard-uid:abc']);
    const sv = Y.encodeStateVector(ws);
    addExternalIds(ws, id, ['vcard-uid:abc']);
    expect(Y.encodeStateAsUpdate(ws, sv).byteLength).toBeLessThanOrEqual(2); // an empty update
  });

  it('a person from before the field gets it on first use; two devices adding ids merge', () => {
    const a = new Y.Doc();
    const id = createPerson(a, 'Sam', '2026-01-01', stamp).id;
    peopleMap(a).get(id)!.delete('externalIds');
    addExternalIds(a, id, ['tel:12345']);
    expect(readExternalIds(peopleMap(a).get(id)!)).toEqual(['tel:12345']);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    addExternalIds(a, id, ['email:a@x.org']);
    addExternalIds(b, id, ['email:b@x.org']);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readExternalIds(peopleMap(a).get(id)!).sort()).toEqual(['email:a@x.org', 'email:b@x.org', 'tel:12345']);
    expect(readExternalIds(peopleMap(b).get(id)!).sort()).toEqual(readExternalIds(peopleMap(a).get(id)!).sort());
  });

  it('refuses an unknown person', () => {
    expect(() => addExternalIds(new Y.Doc(), 'person-nope', ['x:y'])).toThrow(/No person/);
  });
});
