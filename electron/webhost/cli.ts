import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { chooseDataDir, isFolderInUse } from './dataDir';
import { chooseExportsDir } from '../services/dataJobs/webData';
import { DEFAULT_WEB_HOST_PORT, openWithSystem, startWebHost, type WebHost } from './server';

/**
 * `npm run web`: serves the built renderer and the host contract to a browser on this machine.
 * Built to out/main/webhost.js (CommonJS), so `__dirname` is out/main.
 *
 * Arguments:
 *   --data DIR                the journal's folder (created if missing); also KINDRED_DATA=DIR.
 *                             Default: a `kindred` folder in the OS's per-user data directory.
 *   --exports DIR             where Settings → Your data writes exports (also KINDRED_EXPORTS=DIR).
 *                             Default: `Kindred exports` in your home folder.
 *
 * Environment:
 *   KINDRED_PORT=5233         port on 127.0.0.1 (0 = any free port, for tests)
 *   KINDRED_RENDERER_DIR=…    built renderer to serve (default: out/renderer)
 *   KINDRED_OPEN=1            also open the link in the default browser
 *   KINDRED_READY_LINE=1      (or --ready-line) print `KINDRED_WEBHOST_READY {json}` for scripts
 */

function parsePort(raw: string | undefined): number {
  // The port must stay the same between launches: the browser keeps the journal (IndexedDB) per
  // origin, and the origin includes the port, so a different port opens an empty journal.
  if (raw === undefined || raw.trim() === '') return DEFAULT_WEB_HOST_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`KINDRED_PORT must be a port number between 0 and 65535, not "${raw}".`);
  }
  return port;
}

/** A startup problem the user can fix; printed without a stack trace. */
class StartupError extends Error {}

function fail(message: string): never {
  throw new StartupError(message);
}

async function main(): Promise<void> {
  const rendererDir = process.env.KINDRED_RENDERER_DIR
    ? path.resolve(process.env.KINDRED_RENDERER_DIR)
    : path.join(__dirname, '../renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    fail(`No built renderer in ${rendererDir}. Run "npm run build" first (or set KINDRED_RENDERER_DIR).`);
  }
  const port = parsePort(process.env.KINDRED_PORT);
  const choice = chooseDataDir(process.argv.slice(2), process.env, process.platform, homedir(), process.cwd());
  if ('error' in choice) fail(choice.error);
  const dataDir = choice.dir;
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    fail(`Cannot create the journal folder ${dataDir}: ${(err as Error).message}`);
  }

  const exports = chooseExportsDir(process.argv.slice(2), process.env, homedir(), process.cwd());
  if ('error' in exports) fail(exports.error);

  let host: WebHost;
  try {
    host = await startWebHost({ rendererDir, port, dataDir, exportsDir: exports.dir });
  } catch (err) {
    if (isFolderInUse(err)) {
      fail(
        `The journal folder ${dataDir} is in use by another Kindred.\n` +
          `Close the other one, or start this one with another folder: npm run web -- --data <folder>.`,
      );
    }
    if (err instanceof Error && err.name === 'StoreError') fail(`Cannot open your journal in ${dataDir}: ${err.message}`);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      fail(
        `Port ${port} on 127.0.0.1 is already in use (is Kindred already running?).\n` +
          `Stop the other program, or choose another port with KINDRED_PORT=<port> npm run web.\n` +
          `Note: the browser keeps your journal per port, so another port starts with an empty journal.`,
      );
    }
    if (code === 'EACCES') fail(`Not allowed to listen on port ${port}. Choose another with KINDRED_PORT=<port>.`);
    throw err;
  }

  process.stdout.write(`Your journal is stored in ${dataDir}\n`);
  process.stdout.write(`Kindred is running at ${host.url}\n`);
  process.stdout.write('The link works on this computer only and contains a private key: do not share it.\n');
  process.stdout.write('Press Ctrl+C to stop.\n');
  if (process.env.KINDRED_READY_LINE === '1' || process.argv.includes('--ready-line')) {
    const ready = { url: host.url, origin: host.origin, port: host.port, token: host.token, dataDir };
    process.stdout.write(`KINDRED_WEBHOST_READY ${JSON.stringify(ready)}\n`);
  }
  if (process.env.KINDRED_OPEN === '1') {
    openWithSystem(host.url).catch((err: Error) => process.stderr.write(`Could not open a browser: ${err.message}\n`));
  }

  let stopping = false;
  const stop = (): void => {
    // A second Ctrl+C means "now", even if a page is slow to let go.
    if (stopping) process.exit(1);
    stopping = true;
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const message = err instanceof StartupError ? err.message : `Kindred web host failed to start: ${String(err)}`;
  process.stderr.write(`${message}\n`);
  // exitCode rather than exit(): lets the message finish writing to a pipe; nothing else is running yet.
  process.exitCode = 1;
});
