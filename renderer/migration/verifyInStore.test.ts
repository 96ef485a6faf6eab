import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toBase64 } from '../../shared/host/base64';
import { startTestHost, type TestHost } from '../replica/inProcessHost.testkit';
import { sameInStore } from './verifyInStore';

const hosts: TestHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.dispose();
});

async function setup() {
  const host = await startTestHost();
  hosts.push(host);
  const { client } = host.connect();
  const local = new Y.Doc({ guid: 'note-verify' });
  const t = local.getText('t');
  t.insert(0, 'hello wonderful world');
  t.delete(6, 10); // "hello world", with a deletion
  await client.request('replica.push', { docId: 'note-verify', update: toBase64(Y.encodeStateAsUpdate(local)) });
  return { host, client, local };
}

describe('is the store’s copy identical?', () => {
  it('yes, when the store has exactly the local doc (deletions included)', async () => {
    const { client, local } = await setup();
    expect(await sameInStore(client, 'note-verify', local)).toBe(true);
  });

  it('no, when the store has an edit the local doc lacks', async () => {
    const { client, local } = await setup();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(local));
    other.getText('t').insert(0, 'oh, ');
    await client.request('replica.push', { docId: 'note-verify', update: toBase64(Y.encodeStateAsUpdate(other, Y.encodeStateVector(local))) });
    expect(await sameInStore(client, 'note-verify', local)).toBe(false);
  });

  it('no, when the local doc has a deletion the store lacks', async () => {
    const { client, local } = await setup();
    local.getText('t').delete(0, 1);
    expect(await sameInStore(client, 'note-verify', local)).toBe(false);
  });

  it('yes, for maps whose keys this replica learned in another order than the store', async () => {
    const host = await startTestHost();
    hosts.push(host);
    const { client } = host.connect();
    // Edit by edit here; the store rebuilds it from one merged update, so its maps list keys
    // in another order.
    const local = new Y.Doc({ guid: 'kindred-workspace' });
    const pages = local.getMap<Y.Map<unknown>>('pages');
    const other = new Y.Doc();
    for (let i = 0; i < 30; i++) {
      const writer = i % 2 === 0 ? local : other;
      const rec = new Y.Map<unknown>();
      writer.getMap<Y.Map<unknown>>('pages').set(`note-${30 - i}`, rec);
      rec.set('kind', 'conversation');
      rec.set('date', '2026-11-30');
      Y.applyUpdate(i % 2 === 0 ? other : local, Y.encodeStateAsUpdate(writer));
    }
    expect(pages.size).toBe(30);
    await client.request('replica.push', { docId: 'kindred-workspace', update: toBase64(Y.encodeStateAsUpdate(other)) });
    await client.request('replica.push', { docId: 'kindred-workspace', update: toBase64(Y.encodeStateAsUpdate(local)) });
    expect(await sameInStore(client, 'kindred-workspace', local)).toBe(true);
  });

  it('no, when the store has never seen the doc', async () => {
    const { client } = await setup();
    const lone = new Y.Doc();
    lone.getText('t').insert(0, 'only here');
    expect(await sameInStore(client, 'note-unknown', lone)).toBe(false);
  });

  it('keeps the subscription of a doc the window still has open', async () => {
    const { client, local } = await setup();
    const requests: string[] = [];
    const spy = { ...client, request: ((m: string, p: unknown) => (requests.push(m), client.request(m as never, p as never))) as typeof client.request };
    await sameInStore(spy, 'note-verify', local, () => true);
    expect(requests).not.toContain('replica.close');
    await sameInStore(spy, 'note-verify', local, () => false);
    expect(requests).toContain('replica.close');
  });
});
