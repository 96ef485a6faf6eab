import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/**
 * The real web host (`node out/main/webhost.js --data DIR`) as a child process a test can
 * SIGKILL, restart on the same data folder and port, or stop like Ctrl+C.
 *
 * The port matters: the browser keeps its IndexedDB cache per origin, and the origin includes the
 * port, so "the same browser profile meets another host" journeys need a fixed port.
 */
const root = resolve(__dirname, '..', '..');
const WEBHOST = resolve(root, 'out', 'main', 'webhost.js');
const READY = 'KINDRED_WEBHOST_READY ';

export interface HostProcess {
  readonly pid: number;
  readonly port: number;
  readonly dataDir: string;
  /** The page link, with this launch's token. */
  readonly url: string;
  readonly origin: string;
  /** Everything the host wrote so far (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGKILL: no flush, no goodbye. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (as Ctrl+C): the host closes its store and exits. */
  stop(): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface HostProcessOptions {
  dataDir: string;
  /** 0 (the default) lets the OS choose; pass the same port again to reach the same origin. */
  port?: number;
  env?: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
  /** Another build's webhost.js (e.g. an older Kindred); this checkout's out/main/webhost.js by default. */
  webhost?: string;
}

export async function startHostProcess(options: HostProcessOptions): Promise<HostProcess> {
  const child = spawn(process.execPath, [options.webhost ?? WEBHOST, '--data', options.dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // Hermetic by default: sync runs but never looks beyond this machine.
      KINDRED_SYNC_BOOTSTRAP: 'none',
      KINDRED_SYNC_LAN: '0',
      ...options.env,
      KINDRED_PORT: String(options.port ?? 0),
      KINDRED_DATA: options.dataDir,
      KINDRED_READY_LINE: '1',
      KINDRED_OPEN: '0',
    },
  });
  if (child.pid === undefined) throw new Error(`Could not start ${options.webhost ?? WEBHOST}`);
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const ready = await readyLine(child, () => log, options.startTimeoutMs ?? 20_000).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw err;
  });
  const pid = child.pid;
  return {
    pid,
    port: ready.port,
    dataDir: options.dataDir,
    url: ready.url,
    origin: ready.origin,
    output: () => log,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function readyLine(
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
): Promise<{ url: string; origin: string; port: number }> {
  return new Promise((resolvePromise, reject) => {
    const onData = (): void => {
      const line = log()
        .split('\n')
        .find((l) => l.startsWith(READY));
      if (!line) return;
      cleanup();
      try {
        resolvePromise(JSON.parse(line.slice(READY.length)) as { url: string; origin: string; port: number });
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`The web host exited (code ${code}) before it was ready:\n${log()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`The web host was not ready within ${timeoutMs} ms:\n${log()}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    };
    // Registered after the log collector, so `log()` already holds this chunk.
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

/** A port that was free a moment ago (for journeys that need the same origin across hosts). */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}
