import * as Y from 'yjs';
import { createConversation, createPerson, initWorkspace, renamePerson, setPageFields, touchPage } from '../domain/workspace';

/**
 * A realistic workspace registry for size checks, built with shared/domain like the app does:
 * `sessions` app sessions (one Yjs client each: the same doc under a new clientID, as if reloaded
 * from the cache), each adding
 * its share of people and conversations and editing some earlier records (renames, places,
 * "last edited"), which is what makes later clients depend on earlier ones.
 */
export function buildRegistry(records: number, sessions: number): Y.Doc {
  const ws = new Y.Doc();
  const perSession = Math.ceil(records / sessions);
  const people: string[] = [];
  const pages: string[] = [];
  let made = 0;
  for (let s = 0; s < sessions; s++) {
    ws.clientID = 100_000 + s * 104_729; // distinct, deterministic
    initWorkspace(ws);
    const now = Date.UTC(2024, 0, 1) + s * 86_400_000;
    const stamp = { now, deviceId: `device-${s % 3}` };
    ws.transact(() => {
      for (let i = 0; i < perSession && made < records; i++, made++) {
        const day = `20${String(10 + (made % 15)).padStart(2, '0')}-0${1 + (made % 9)}-1${made % 10}`;
        if (made % 5 === 0) people.push(createPerson(ws, `Person ${made} Ångström`, day, stamp).id);
        else pages.push(createConversation(ws, day, made % 3 === 0 ? 'the bakery on Elm Street' : '', stamp));
      }
      for (let k = 0; k < 40 && pages.length > 0; k++) {
        const id = pages[(s * 7919 + k * 104_729) % pages.length] as string;
        setPageFields(ws, id, { place: `café ${s}-${k}` }, now);
        touchPage(ws, id, now + k, 0);
      }
      for (let k = 0; k < 10 && people.length > 0; k++) {
        renamePerson(ws, people[(s * 31 + k * 977) % people.length] as string, `Renamed ${s}-${k}`);
      }
    });
  }
  return ws;
}
