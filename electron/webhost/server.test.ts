import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connectWebSocketHost, webSocketHostUrl, type WebSocketHostClient } from '../../renderer/host/webSocketHost';
import * as Y from 'yjs';
import { toBase64 } from '../../shared/host/base64';
import { appendBlocks, para } from '../../shared/pages/pageDoc.testkit';
import { HOST_PROTOCOL_VERSION } from '../../shared/host/contract';
import { describeHostContract, type Recorder } from '../../shared/host/contractSuite.testkit';
import { openLevelStore, openMemoryStore } from '../services/store';
import { cacheControlFor, openWithSystem, startWebHost, type WebHost } from './server';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'";
const SECRET = 'secret-outside-the-renderer';

/** A temp dir holding a secret file, with the "built renderer" one level down. */
async function makeRendererDir(): Promise<{ base: string; rendererDir: string }> {
  const base = await mkdtemp(path.join(tmpdir(), 'kindred-webhost-'));
  const rendererDir = path.join(base, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(base, 'package.json'), SECRET);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Kindred test page</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log("kindred asset");');
  await symlink(path.join(base, 'package.json'), path.join(rendererDir, 'assets', 'link.json'));
  return { base, rendererDir };
}

const hostUrl = (host: WebHost, token = host.token): string =>
  `ws://127.0.0.1:${host.port}/host?token=${encodeURIComponent(token)}`;

describeHostContract('the WebSocket web host', async (recorder: Recorder) => {
  const { base, rendererDir } = await makeRendererDir();
  // The real LevelDB store in a temp folder, opened (and closed) by the host itself.
  const host = await startWebHost({
    rendererDir,
    port: 0,
    dataDir: path.join(base, 'journal'),
    derived: null, // the suite checks the answer without an index; the host's own index is tested below
    services: { openExternal: recorder.openExternal, windowReadyToClose: recorder.windowReadyToClose, log: () => undefined },
  });
  const clients: WebSocketHostClient[] = [];
  const connect = async (): Promise<WebSocketHostClient> => {
    // Derive the socket URL from the page link, as the renderer does.
    const client = connectWebSocketHost(webSocketHostUrl(host.url)!, { WebSocketImpl: WebSocket });
    clients.push(client);
    await client.ready;
    return client;
  };
  return {
    kind: 'web',
    delivery: 'banner',
    store: host.store,
    client: await connect(),
    connect,
    emitToAll: (event, payload) => host.emit(event, payload),
    drop: () => host.close(),
    async dispose() {
      clients.forEach((c) => c.close());
      await host.close();
      await rm(base, { recursive: true, force: true });
    },
  };
});

function get(
  port: number,
  rawPath: string,
  init: { method?: string; host?: string } = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    // node:http sends the path verbatim (fetch would normalise `..` away before we could test it).
    const req = httpRequest(
      { host: '127.0.0.1', port, path: rawPath, method: init.method ?? 'GET', headers: init.host ? { host: init.host } : {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject).end();
  });
}

/** The HTTP status an upgrade ends with: 101 when the socket opened. */
function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', reject);
  });
}

function openRaw(host: WebHost): Promise<{ ws: WebSocket; frames: Record<string, unknown>[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(hostUrl(host));
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
    ws.on('open', () => resolve({ ws, frames }));
    ws.on('error', reject);
  });
}

describe('web host', () => {
  let dirs: { base: string; rendererDir: string };
  let host: WebHost;
  beforeAll(async () => {
    dirs = await makeRendererDir();
    host = await startWebHost({ rendererDir: dirs.rendererDir, port: 0, token: 'test-token-123', store: await openMemoryStore() });
  });
  afterAll(async () => {
    await host.close();
    await rm(dirs.base, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only and reports its own origin and link', () => {
    expect(host.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4', port: host.port });
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=test-token-123`);
  });

  it('derives the socket URL from the page link, and none without a token', () => {
    expect(webSocketHostUrl(host.url)).toBe(hostUrl(host));
    expect(webSocketHostUrl(`${host.origin}/`)).toBeNull();
  });

  it('generates a long random token when none is given', async () => {
    const [a, b] = await Promise.all(
      [0, 1].map(async () => startWebHost({ rendererDir: dirs.rendererDir, port: 0, store: await openMemoryStore() })),
    );
    await Promise.all([a!.close(), b!.close()]);
    expect(a!.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a!.token).not.toBe(b!.token);
  });

  it.each<[string, (h: WebHost) => string, string | undefined, number]>([
    ['no token', (h) => `ws://127.0.0.1:${h.port}/host`, undefined, 401],
    ['an empty token', (h) => hostUrl(h, ''), undefined, 401],
    ['a wrong token of the same length', (h) => hostUrl(h, 'test-token-124'), undefined, 401],
    ['a wrong token of another length', (h) => hostUrl(h, 'x'), undefined, 401],
    ['a foreign Origin', (h) => hostUrl(h), 'http://evil.example', 403],
    ['a look-alike Origin', (h) => hostUrl(h), 'http://localhost:1', 403],
    ['the wrong path', (h) => `ws://127.0.0.1:${h.port}/hostx?token=test-token-123`, undefined, 404],
    ['the page path', (h) => `ws://127.0.0.1:${h.port}/?token=test-token-123`, undefined, 404],
    ['the right token and no Origin', (h) => hostUrl(h), undefined, 101],
    ['the right token and its own Origin', (h) => hostUrl(h), 'own', 101],
  ])('an upgrade with %s ends in %i', async (_what, url, origin, status) => {
    const sent = origin === 'own' ? host.origin : origin;
    expect(await upgradeStatus(url(host), sent)).toBe(status);
  });

  it('serves index.html for / with security headers and no caching', async () => {
    const res = await get(host.port, '/?token=test-token-123');
    expect(res.status).toBe(200);
    expect(res.body).toContain('Kindred test page');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('lets a build\'s hashed scripts and styles be cached for good, revalidates anything else', async () => {
    expect((await get(host.port, '/assets/app.js')).headers['cache-control']).toBe('no-cache');
    expect(cacheControlFor('/assets/index-BgrUW1YI.js', '.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('/assets/styles-CX3X6v-6.css', '.css')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('/index.html', '.html')).toBe('no-store');
    expect(cacheControlFor('/assets/index.js', '.js')).toBe('no-cache');
    expect(cacheControlFor('/favicon-12345678.png', '.png')).toBe('no-cache');
  });

  it('serves assets with their content type, and HEAD without a body', async () => {
    const res = await get(host.port, '/assets/app.js');
    expect(res).toMatchObject({ status: 200, body: 'console.log("kindred asset");' });
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CSP);
    const head = await get(host.port, '/assets/app.js', { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, body: '' });
    expect((await get(host.port, '/', { method: 'POST' })).status).toBe(405);
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/..%2fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/assets/..%5c..%5cpackage.json',
    '/assets/link.json',
    '/assets',
    '/missing.js',
    '/%E0%A4%A',
    '/index.html%00.js',
  ])('answers %s with 404 and security headers', async (rawPath) => {
    const res = await get(host.port, rawPath);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain(SECRET);
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses pages asked for under another host name (DNS rebinding)', async () => {
    const res = await get(host.port, '/', { host: `evil.example:${host.port}` });
    expect(res.status).toBe(421);
    expect(res.body).not.toContain('Kindred test page');
  });

  it('answers malformed frames it can attribute and ignores the rest, staying up', async () => {
    const { ws, frames } = await openRaw(host);
    ws.send('not json at all');
    ws.send('[1, 2, 3]');
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send(JSON.stringify({ type: 'request', id: 7 }));
    ws.send(JSON.stringify({ type: 'request', id: 8, method: 'app.info', params: {} })); // before hello
    ws.send(JSON.stringify({ type: 'hello', protocolVersion: HOST_PROTOCOL_VERSION }));
    ws.send(JSON.stringify({ type: 'request', id: 9, method: 'app.info', params: {} }));
    await expect.poll(() => frames.length).toBe(4);
    expect(frames[0]).toMatchObject({ type: 'response', id: 7, ok: false, error: { code: 'bad_request' } });
    expect(frames[1]).toMatchObject({ type: 'response', id: 8, ok: false, error: { code: 'version_mismatch' } });
    expect(frames[2]).toMatchObject({ type: 'welcome', protocolVersion: HOST_PROTOCOL_VERSION });
    expect(frames[3]).toMatchObject({ type: 'response', id: 9, ok: true, result: { host: 'web' } });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('closes a socket that sends a frame over 1 MiB, and keeps serving others', async () => {
    const { ws } = await openRaw(host);
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ type: 'hello', protocolVersion: 1, pad: 'x'.repeat(1024 * 1024) }));
    expect(await closed).toBe(1009);
    const client = connectWebSocketHost(hostUrl(host), { WebSocketImpl: WebSocket });
    await expect(client.request('app.info', {})).resolves.toMatchObject({ host: 'web' });
    client.close();
  });

  it('counts connections and a client learns when the host stops', async () => {
    const own = await startWebHost({ rendererDir: dirs.rendererDir, port: 0, store: await openMemoryStore() });
    const client = connectWebSocketHost(hostUrl(own), { WebSocketImpl: WebSocket });
    await client.ready;
    expect(own.connections()).toBe(1);
    const closed = new Promise((resolve) => client.onClose(resolve));
    await own.close();
    expect(await closed).toMatchObject({ code: 1001, wasOpen: true });
    expect(client.isClosed()).toBe(true);
    expect(own.connections()).toBe(0);
  });

  it('a client refused at the door fails with unavailable instead of hanging', async () => {
    const client = connectWebSocketHost(hostUrl(host, 'wrong'), { WebSocketImpl: WebSocket });
    await expect(client.ready).rejects.toMatchObject({ code: 'unavailable', message: /could not connect/i });
    await expect(client.request('app.info', {})).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('web host with its own journal folder', () => {
  it('runs the derived index over its store: a pushed page shows up in derived.pages and derived.changed', async () => {
    const { base, rendererDir } = await makeRendererDir();
    const host = await startWebHost({ rendererDir, port: 0, dataDir: path.join(base, 'journal'), services: { log: () => undefined } });
    const client = connectWebSocketHost(webSocketHostUrl(host.url)!, { WebSocketImpl: WebSocket });
    try {
      const changed = new Promise<unknown>((resolve) => client.subscribe('derived.changed', resolve));
      const doc = new Y.Doc();
      appendBlocks(doc, [para('Lunch with ', { m: 'person-ana' })]);
      await client.request('replica.push', { docId: 'note-lunch', update: toBase64(Y.encodeStateAsUpdate(doc)) });
      await changed;
      await expect
        .poll(async () => (await client.request('derived.pages', {})).pages.map(([id]) => id), { timeout: 10_000 })
        .toContain('note-lunch');
      const { pages } = await client.request('derived.pages', {});
      expect(pages.find(([id]) => id === 'note-lunch')?.[1].contacts).toEqual(['person-ana']);
    } finally {
      client.close();
      await host.close();
      await rm(base, { recursive: true, force: true });
    }
  });
});

describe('openWithSystem', () => {
  it.runIf(process.platform === 'linux')('reports a missing opener as unavailable instead of crashing', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(openWithSystem('https://example.com')).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('npm run web entry (cli.ts)', () => {
  let dirs: { base: string; rendererDir: string };
  beforeAll(async () => (dirs = await makeRendererDir()));
  afterAll(() => rm(dirs.base, { recursive: true, force: true }));

  function runCli(
    port: number,
    args: string[] = ['--data', path.join(dirs.base, 'journal')],
    env: Record<string, string> = {},
  ): { done: Promise<number | null>; output: () => string; stop(): void } {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'cli.ts'), '--ready-line', ...args], {
      env: { ...process.env, KINDRED_PORT: String(port), KINDRED_RENDERER_DIR: dirs.rendererDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { done, output: () => output, stop: () => child.kill('SIGTERM') };
  }
  const readyOf = (cli: { output: () => string }) =>
    JSON.parse(/KINDRED_WEBHOST_READY (.*)\n/.exec(cli.output())![1]!) as { url: string; port: number; dataDir: string };

  it('prints where the journal is and the link, serves, and stops on SIGTERM', async () => {
    const data = path.join(dirs.base, 'nested', 'journal');
    const cli = runCli(0, ['--data', data]);
    await expect.poll(cli.output, { timeout: 15000 }).toMatch(/KINDRED_WEBHOST_READY .*\n/);
    const ready = readyOf(cli);
    expect(cli.output()).toContain(`Your journal is stored in ${data}\n`);
    expect(cli.output()).toContain(`Kindred is running at ${ready.url}`);
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(ready.dataDir).toBe(data);
    expect((await get(ready.port, '/')).status).toBe(200);
    cli.stop();
    expect(await cli.done).toBe(0);
    // Closed on the way out: the folder opens again at once.
    const store = await openLevelStore(data);
    await store.close();
  });

  it('takes the folder from KINDRED_DATA when there is no --data', async () => {
    const data = path.join(dirs.base, 'from-env');
    const cli = runCli(0, [], { KINDRED_DATA: data });
    await expect.poll(cli.output, { timeout: 15000 }).toMatch(/KINDRED_WEBHOST_READY .*\n/);
    expect(readyOf(cli).dataDir).toBe(data);
    cli.stop();
    expect(await cli.done).toBe(0);
  });

  it('says plainly when another Kindred has the folder, and exits 1', async () => {
    const data = path.join(dirs.base, 'busy');
    const first = runCli(0, ['--data', data]);
    await expect.poll(first.output, { timeout: 15000 }).toMatch(/KINDRED_WEBHOST_READY .*\n/);
    try {
      const second = runCli(0, ['--data', data]);
      expect(await second.done).toBe(1);
      expect(second.output()).toContain(`The journal folder ${data} is in use by another Kindred.`);
      expect(second.output()).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    } finally {
      first.stop();
      await first.done;
    }
  });

  it('refuses --data without a folder', async () => {
    const cli = runCli(0, ['--data']);
    expect(await cli.done).toBe(1);
    expect(cli.output()).toContain('--data needs a folder');
  });

  it('names KINDRED_PORT when the port is taken, and leaves the folder free', async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const cli = runCli((blocker.address() as AddressInfo).port);
      expect(await cli.done).toBe(1);
      expect(cli.output()).toMatch(/already in use[\s\S]*KINDRED_PORT/);
      const store = await openLevelStore(path.join(dirs.base, 'journal'));
      await store.close();
    } finally {
      blocker.close();
    }
  });
});
