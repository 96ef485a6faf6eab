/** Forks a real store process (tsx loads the TypeScript entry) and connects to it. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { JournalStore } from '../types';
import { childProcessPort } from './childEntry';
import { connectStoreOverPort } from './storeOverPort';

export const STORE_CHILD_ENTRY = join(__dirname, 'storeChild.entry.ts');

export function forkStoreChild(dataDir: string, opts: { uid?: number; gid?: number } = {}): ChildProcess {
  return fork(STORE_CHILD_ENTRY, [dataDir], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...opts,
  });
}

export async function connectForked(dataDir: string, opts: { uid?: number; gid?: number } = {}): Promise<{ child: ChildProcess; store: JournalStore }> {
  const child = forkStoreChild(dataDir, opts);
  try {
    return { child, store: await connectStoreOverPort(childProcessPort(child)) };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

export function exited(child: ChildProcess): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}
