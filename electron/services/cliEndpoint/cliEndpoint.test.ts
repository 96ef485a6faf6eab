/**
 * The command line's endpoint on a real LevelDB store and real Unix sockets: the store across
 * the socket, who may connect (file modes, the token), what a misbehaving client gets (its
 * connection closed; the host and others unaffected), the long-path fallback, and a socket left
 * behind by a host killed with SIGKILL.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openLevelStore } from '../store/index';
import type { AppliedChange, JournalStore } from '../store/types';
import { HELLO_PREFIX, startCliEndpoint, type CliEndpoint } from './cliEndpoint';
import { connectRunningApp, EndpointUnavailable } from './connectRunning';
import { endpointAddress, POINTER_FILE, SOCKET_NAME, TOKEN_FILE } from './endpointFiles';
import { encodeFrame } from './framedSocket';
import { endpointReady, exited, forkHost, quitHost } from './hostFork.testkit';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function tempDir(prefix = 'kindred-cli-ep-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function host(dir?: string): Promise<{ dir: string; store: JournalStore; endpoint: CliEndpoint; dropped: Error[] }> {
  const dataDir = dir ?? join(await tempDir(), 'journal');
  const store = await openLevelStore(dataDir);
  const dropped: Error[] = [];
  const endpoint = await startCliEndpoint({ dataDir, store, onClientError: (e) => dropped.push(e) });
  cleanups.push(() => store.close());
  cleanups.push(() => endpoint.close());
  return { dir: dataDir, store, endpoint, dropped };
}

function textUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

function raw(address: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createConnection(address);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

const closed = (s: Socket): Promise<void> => new Promise((resolve) => (s.destroyed && s.readyState === 'closed' ? resolve() : s.once('close', () => resolve())));

/** A client that got through the handshake, sending what it likes afterwards. */
async function authed(address: string, token: string): Promise<Socket> {
  const s = await raw(address);
  s.on('error', () => undefined);
  const answered = new Promise<Buffer>((resolve) => s.once('data', resolve));
  s.write(encodeFrame(Buffer.from(HELLO_PREFIX + token)));
  expect((await answered).subarray(4).toString()).toBe('OK');
  return s;
}

async function stillServes(dir: string, store: JournalStore): Promise<void> {
  const client = await connectRunningApp(dir);
  const { seq } = await client.applyUpdate('still-here', textUpdate(`alive ${Math.random()}`), 'test');
  expect(await store.seqOf('still-here')).toBe(seq);
  await client.close();
}

describe('the store across the endpoint', () => {
  it('serves the live store: writes land in it and reach its listeners; closing the client leaves it open', async () => {
    const h = await host();
    const heard: AppliedChange[] = [];
    h.store.onChange((c) => heard.push(...c));
    const client = await connectRunningApp(h.dir);
    expect(client.logId).toBe(h.store.logId);
    const { seq, changed } = await client.applyUpdate('page-a', textUpdate('hello from the command line'), 'import');
    expect(changed).toBe(true);
    expect(heard.find((c) => c.docId === 'page-a')).toMatchObject({ seq, origin: 'import' });
    // Bytes cross intact both ways.
    expect(Buffer.from((await client.getUpdate('page-a'))!)).toEqual(Buffer.from((await h.store.getUpdate('page-a'))!));
    // A second client hears the first one's writes live.
    const watcher = await connectRunningApp(h.dir);
    const live = new Promise<AppliedChange>((resolve) => watcher.onChange((cs) => cs.forEach((c) => c.docId === 'page-b' && resolve(c))));
    await watcher.head(); // the subscription is on the wire before the write
    await client.applyUpdate('page-b', textUpdate('second'), 'import');
    expect((await live).update.byteLength).toBeGreaterThan(0);
    await client.close();
    await watcher.close();
    // The host's store is still open and writable.
    expect((await h.store.applyUpdate('page-c', textUpdate('after'), 'test')).changed).toBe(true);
    expect(h.endpoint.clients()).toBe(0);
  });

  it('is for this user only: socket and token files 0600; the files go when the endpoint closes', async () => {
    const h = await host();
    expect(h.endpoint.address).toBe(join(h.dir, SOCKET_NAME));
    expect(statSync(h.endpoint.address).isSocket()).toBe(true);
    expect(statSync(h.endpoint.address).mode & 0o777).toBe(0o600);
    expect(statSync(join(h.dir, TOKEN_FILE)).mode & 0o777).toBe(0o600);
    expect((await readFile(join(h.dir, POINTER_FILE), 'utf8')).trim()).toBe(h.endpoint.address);
    await h.endpoint.close();
    for (const f of [h.endpoint.address, join(h.dir, TOKEN_FILE), join(h.dir, POINTER_FILE)]) expect(existsSync(f)).toBe(false);
  });

  it('refuses a wrong token (and no token at all); the host serves the right one after', async () => {
    const h = await host();
    const real = await readFile(join(h.dir, TOKEN_FILE), 'utf8');
    await writeFile(join(h.dir, TOKEN_FILE), `${'0'.repeat(64)}\n`);
    await expect(connectRunningApp(h.dir)).rejects.toThrow(/refused the key/);
    await rm(join(h.dir, TOKEN_FILE));
    await expect(connectRunningApp(h.dir)).rejects.toBeInstanceOf(EndpointUnavailable);
    await writeFile(join(h.dir, TOKEN_FILE), real);
    expect(h.dropped.map((e) => e.message)).toEqual(['wrong token']);
    await stillServes(h.dir, h.store);
  });

  it('closes a connection that sends garbage, an oversized frame, a non-call or an unknown method', async () => {
    const h = await host();
    await h.store.space('derived').batch([{ type: 'put', key: 'k', value: new Uint8Array([1]) }]);
    const token = (await readFile(join(h.dir, TOKEN_FILE), 'utf8')).trim();
    // Garbage instead of a hello: a length header far over the hello's limit.
    const g = await raw(h.endpoint.address);
    g.on('error', () => undefined);
    g.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    await closed(g);
    const cases: Buffer[] = [
      Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]), // oversized frame
      encodeFrame(Buffer.from('not a structured clone at all')), // undecodable
      encodeFrame(serialize({ hello: 'world' })), // not a store call
      encodeFrame(serialize({ k: 'krpc', t: 'call', id: 1, m: 'dropEverything', a: [] })), // unknown method
      encodeFrame(serialize({ k: 'krpc', t: 'call', id: 1, m: 'spaceClear', a: ['derived'] })), // the app's own spaces are read-only here
      encodeFrame(serialize({ k: 'krpc', t: 'ok', id: 1, v: 1 })), // a reply where a call belongs
    ];
    for (const bytes of cases) {
      const s = await authed(h.endpoint.address, token);
      s.write(bytes);
      await closed(s);
    }
    expect(h.dropped.length).toBe(cases.length + 1);
    expect([...((await h.store.space('derived').get('k')) ?? [])]).toEqual([1]);
    await stillServes(h.dir, h.store);
  });

  it('survives any bytes a client sends (property): the connection ends, the host keeps serving', async () => {
    const h = await host();
    const token = (await readFile(join(h.dir, TOKEN_FILE), 'utf8')).trim();
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.uint8Array({ minLength: 1, maxLength: 300 }), async (afterHello, bytes) => {
        const s = afterHello ? await authed(h.endpoint.address, token) : await raw(h.endpoint.address);
        s.on('error', () => undefined);
        s.end(bytes); // then hang up: whatever was half-sent is dropped with the connection
        await closed(s);
      }),
      { numRuns: 40 },
    );
    await stillServes(h.dir, h.store);
  });

  it('puts the socket in a private temp folder when the journal folder is too deep for a socket path', async () => {
    const base = await tempDir();
    const deep = join(base, 'a-folder-with-a-rather-long-name', 'and-another-one-below-it-too', 'journal-with-long-name');
    await mkdir(deep, { recursive: true });
    const tmp = await tempDir('kindred-cli-tmp-');
    const store = await openLevelStore(deep);
    cleanups.push(() => store.close());
    const endpoint = await startCliEndpoint({ dataDir: deep, store, tmpDir: tmp });
    cleanups.push(() => endpoint.close());
    expect(Buffer.byteLength(join(deep, SOCKET_NAME))).toBeGreaterThan(103);
    expect(endpoint.address).toBe(endpointAddress(deep, 'linux', tmp));
    expect(endpoint.address.startsWith(tmp)).toBe(true);
    expect(statSync(join(endpoint.address, '..')).mode & 0o777).toBe(0o700);
    await stillServes(deep, store);
  });

  it('names a Windows pipe after the folder', () => {
    expect(endpointAddress('C:\\Users\\sam\\AppData\\Roaming\\Kindred\\journal', 'win32')).toMatch(/^\\\\\.\\pipe\\kindred-[0-9a-f]{16}$/);
  });
});

describe('a host killed with SIGKILL', () => {
  it('leaves a stale socket that the next host start removes; the command line never hangs on it', async () => {
    const dir = join(await tempDir(), 'journal');
    const first = forkHost(dir);
    cleanups.push(async () => first.child.kill('SIGKILL'));
    await first.store;
    await endpointReady(dir);
    first.child.kill('SIGKILL');
    expect(await exited(first.child)).toBe('SIGKILL');
    const socket = join(dir, SOCKET_NAME);
    expect(statSync(socket).isSocket()).toBe(true); // left behind
    // Nobody answers there now: the client says so instead of hanging.
    await expect(connectRunningApp(dir)).rejects.toThrow(/nothing is listening/);

    const second = forkHost(dir);
    cleanups.push(async () => second.child.kill('SIGKILL'));
    await second.store;
    await endpointReady(dir);
    const client = await connectRunningApp(dir);
    expect(client.logId).toBe((await second.store).logId);
    await client.close();
    await quitHost(second);
    expect(existsSync(socket)).toBe(false); // a clean quit removes it
  });
});

describe('the web host (npm run web)', () => {
  it('opens the endpoint with its store and closes it with itself', async () => {
    const base = await tempDir();
    const rendererDir = join(base, 'renderer');
    await mkdir(rendererDir, { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');
    const dataDir = join(base, 'journal');
    const { startWebHost } = await import('../../webhost/server');
    const web = await startWebHost({ rendererDir, port: 0, dataDir, sync: false });
    cleanups.push(() => web.close());
    await endpointReady(dataDir);
    await stillServes(dataDir, web.store);
    await web.close();
    expect(existsSync(join(dataDir, SOCKET_NAME))).toBe(false);
    expect(existsSync(join(dataDir, TOKEN_FILE))).toBe(false);
  });
});
