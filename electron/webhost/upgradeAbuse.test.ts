import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connectWebSocketHost } from '../../renderer/host/webSocketHost';
import { openMemoryStore } from '../services/store';
import { startWebHost } from './server';

/**
 * The web host must survive anyone on this machine who does not have the token. The attack that
 * used to kill it: ask for a WebSocket upgrade that will be refused, then reset the connection
 * (RST) while the refusal is being written; an `ECONNRESET` on a socket nobody listened on is an
 * uncaught exception and the process exits. The host runs as the real `npm run web` entry in its
 * own process, so "survived" means the process is still running, not that vitest caught something.
 */

const ATTEMPTS = 3000;
const IN_FLIGHT = 64;

interface RunningHost {
  child: ChildProcess;
  port: number;
  token: string;
  output: () => string;
  exited: Promise<number | null>;
}

let base: string;
let running: RunningHost;

async function startHostProcess(): Promise<RunningHost> {
  const rendererDir = path.join(base, 'renderer');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'cli.ts'), '--ready-line', '--data', path.join(base, 'journal')],
    { env: { ...process.env, KINDRED_PORT: '0', KINDRED_RENDERER_DIR: rendererDir }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const readyLine = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const line = /KINDRED_WEBHOST_READY (.*)\n/.exec(output);
      if (line) resolve(line[1]!);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`the host exited (${code}) before it was ready:\n${output}`)));
  });
  const ready = JSON.parse(await readyLine) as { url: string; port: number };
  const token = new URL(ready.url).searchParams.get('token')!;
  return { child, port: ready.port, token, output: () => output, exited };
}

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'kindred-upgrade-abuse-'));
  await mkdir(path.join(base, 'renderer'), { recursive: true });
  await writeFile(path.join(base, 'renderer', 'index.html'), '<!doctype html><title>Kindred test page</title>');
  running = await startHostProcess();
});

afterAll(async () => {
  if (running.child.exitCode === null) {
    running.child.kill('SIGTERM');
    await running.exited;
  }
  await rm(base, { recursive: true, force: true });
});

/**
 * Requests to reset in the middle of: refused upgrades (wrong token, wrong path, foreign Origin,
 * foreign Host), an accepted one, plain page requests, and bytes that are not HTTP at all.
 */
function hostileRequest(port: number, variant: number): string {
  const key = randomBytes(16).toString('base64');
  const lines = (pathAndQuery: string, host: string, extra = ''): string =>
    `GET ${pathAndQuery} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`;
  const own = `127.0.0.1:${port}`;
  switch (variant % 8) {
    case 0:
      return lines('/host?token=wrong-token', own);
    case 1:
      return lines('/nowhere?token=wrong-token', own);
    case 2:
      return lines('/host?token=wrong-token', own, 'Origin: http://evil.example\r\n');
    case 3:
      return lines('/host?token=wrong-token', `evil.example:${port}`);
    case 4:
      // The right token (a page reloading): the reset lands inside ws's own handshake.
      return lines(`/host?token=${encodeURIComponent(running.token)}`, own);
    case 5:
      // A plain page request (no upgrade), reset while the file streams.
      return `GET /?token=x HTTP/1.1\r\nHost: ${own}\r\n\r\n`;
    case 6:
      return `GET / HTTP/1.1\r\nHost: evil.example:${port}\r\n\r\n`;
    default:
      // Not HTTP at all: the parser's clientError path.
      return `\x16\x03\x01 not http ${'x'.repeat(variant % 300)}\r\n\r\n`;
  }
}

/** Connects, sends a request that will be refused and resets the connection at a random moment. */
function refuseThenReset(port: number, variant: number): Promise<void> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined); // our own side sees the reset too
    socket.on('close', () => resolve());
    const reset = (): void => {
      if (!socket.destroyed) socket.resetAndDestroy();
    };
    socket.on('connect', () => {
      const request = hostileRequest(port, variant);
      const moment = Math.floor(Math.random() * 5);
      if (moment === 0) {
        // Half the request, then reset: the host is still parsing.
        socket.write(request.slice(0, Math.max(1, Math.floor(request.length / 2))));
        setImmediate(reset);
        return;
      }
      socket.write(request);
      if (moment === 1) reset();
      else if (moment === 2) setImmediate(reset);
      // As the refusal starts to arrive: the host is mid-write.
      else if (moment === 3) socket.once('data', reset);
      else setTimeout(reset, Math.random() * 3);
    });
  });
}

async function hammer(port: number, attempts: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < attempts) {
      const variant = next++;
      await refuseThenReset(port, variant);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

describe('the web host under refused-upgrade resets', () => {
  it(`survives ${ATTEMPTS} refuse-then-reset attempts and still serves a client with the token`, async () => {
    await hammer(running.port, ATTEMPTS);
    expect(running.child.exitCode, `the host exited:\n${running.output()}`).toBeNull();
    // Anything the resets set off has surfaced once a fresh round trip to the host completes.
    const client = connectWebSocketHost(`ws://127.0.0.1:${running.port}/host?token=${encodeURIComponent(running.token)}`, {
      WebSocketImpl: WebSocket,
    });
    try {
      await expect(client.request('app.info', {})).resolves.toMatchObject({ name: 'Kindred', host: 'web' });
    } finally {
      client.close();
    }
    expect(running.child.exitCode, running.output()).toBeNull();
    expect(running.output()).not.toMatch(/ECONNRESET|Uncaught|Error:/);
  }, 60_000);
});

describe('refused upgrades', () => {
  it('are written, then the socket is destroyed, not left half-open for the client to keep', async () => {
    const host = await startWebHost({ rendererDir: path.join(base, 'renderer'), port: 0, token: 'right', store: await openMemoryStore() });
    try {
      // A client that never closes its side: only the host can end the connection.
      const socket = connect({ host: '127.0.0.1', port: host.port, allowHalfOpen: true });
      let reply = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (reply += chunk));
      const ended = new Promise<void>((resolve) => socket.once('end', () => resolve()));
      socket.write(hostileRequest(host.port, 0));
      await ended;
      expect(reply).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
      // Writing into a destroyed socket is answered with a reset; a half-open one would take it.
      const failed = new Promise<string>((resolve, reject) => {
        socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? ''));
        // Bounded so a regression reads as what it is rather than as a test timeout.
        setTimeout(() => reject(new Error('the host kept the refused socket open (half-open) for 5 s')), 5000).unref();
      });
      const writeUntilFailed = setInterval(() => socket.write('still here\r\n'), 10);
      try {
        await expect(failed).resolves.toMatch(/^(ECONNRESET|EPIPE)$/);
      } finally {
        clearInterval(writeUntilFailed);
        socket.destroy();
      }
    } finally {
      await host.close();
    }
  });
});

describe('upgrade Host header (DNS rebinding)', () => {
  it('refuses an upgrade with the right token under a foreign Host name, and accepts its own', async () => {
    const host = await startWebHost({
      rendererDir: path.join(base, 'renderer'),
      port: 0,
      token: 'rebinding-token',
      store: await openMemoryStore(),
    });
    try {
      const statusWith = (hostHeader: string): Promise<number> =>
        new Promise((resolve, reject) => {
          const ws = new WebSocket(`ws://127.0.0.1:${host.port}/host?token=rebinding-token`, { headers: { Host: hostHeader } });
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
      expect(await statusWith(`evil.example:${host.port}`)).toBe(421);
      expect(await statusWith(`localhost:${host.port}`)).toBe(421);
      expect(await statusWith(`127.0.0.1:${host.port + 1}`)).toBe(421);
      expect(await statusWith(`127.0.0.1:${host.port}`)).toBe(101);
    } finally {
      await host.close();
    }
  });
});
