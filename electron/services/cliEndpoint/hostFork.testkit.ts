/**
 * A real running "app" for the command-line tests: the journal process (electron/services/
 * journalChild.entry.ts, what Electron runs in its utilityProcess) forked as a plain Node child
 * over a real LevelDB folder, with sync off. The test talks to it like a window does (the store
 * over the IPC port) and like `kindred` does (the socket endpoint).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { STORE_CHANNEL } from '../journalChannels';
import { channelPort } from '../store/port/channel';
import { childProcessPort } from '../store/port/childEntry';
import { connectStoreOverPort } from '../store/port/storeOverPort';
import type { JournalStore } from '../store/types';
import { connectRunningApp } from './connectRunning';

const ENTRY = join(__dirname, '..', 'journalChild.entry.ts');

export interface ForkedHost {
  child: ChildProcess;
  /** The store as a window sees it (IPC port). */
  store: Promise<JournalStore>;
}

export function forkHost(dataDir: string): ForkedHost {
  const child = fork(ENTRY, [dataDir], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, KINDRED_SYNC: '0', KINDRED_SYNC_BOOTSTRAP: 'none', KINDRED_SYNC_LAN: '0' },
  });
  const store = connectStoreOverPort(channelPort(childProcessPort(child), STORE_CHANNEL));
  store.catch(() => undefined);
  return { child, store };
}

/** Waits until the host's endpoint answers (it starts right after the store opens). */
export async function endpointReady(dataDir: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const store = await connectRunningApp(dataDir, { timeoutMs: 2000 });
      await store.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25)); // polling a condition, not waiting for time to pass
    }
  }
}

export function exited(child: ChildProcess): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}

/** Quits the host as the app does: close the store over the port, then let the process go. */
export async function quitHost(host: ForkedHost): Promise<void> {
  await (await host.store).close();
  host.child.disconnect();
  await exited(host.child);
}
