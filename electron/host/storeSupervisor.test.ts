import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openLevelStore } from '../services/store';
import { childProcessPort } from '../services/store/port/childEntry';
import { connectStoreOverPort } from '../services/store/port/storeOverPort';
import type { StoreHealth } from '../services/store/types';
import { createStoreSlot, type StoreSlot } from './storeSlot';
import { superviseStore, type StoreProcessHandle, type StoreSupervisor } from './storeSupervisor';

/**
 * The store in a real child process (child_process.fork of the store's Node entry, standing in
 * for Electron's utilityProcess, which needs the Electron binary), killed with SIGKILL.
 */
const ENTRY = path.join(__dirname, '..', 'services', 'store', 'port', 'storeChild.entry.ts');

function update(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}
function textOf(bytes: Uint8Array | null): string {
  const doc = new Y.Doc();
  if (bytes) Y.applyUpdate(doc, bytes);
  return doc.getText('t').toString();
}

describe('store supervisor', () => {
  let dir: string;
  let slot: StoreSlot;
  let supervisor: StoreSupervisor | undefined;
  let children: ChildProcess[];
  let health: StoreHealth[];
  const logs: string[] = [];

  const spawn = (): StoreProcessHandle => {
    const child = fork(ENTRY, [dir], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: 'ignore' });
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { port: childProcessPort(child), exited, kill: () => void child.kill() };
  };
  const start = (): StoreSupervisor =>
    (supervisor = superviseStore({
      slot,
      spawn,
      connect: connectStoreOverPort,
      log: (line) => logs.push(line),
      backoffMs: () => 50,
    }));

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kindred-supervise-'));
    slot = createStoreSlot(dir, { ok: false, code: 'closed', message: 'Starting…' });
    children = [];
    health = [];
    slot.onHealth((h) => health.push(h));
  });
  afterEach(async () => {
    await supervisor?.stop();
    supervisor = undefined;
    children.forEach((c) => c.kill('SIGKILL'));
    await rm(dir, { recursive: true, force: true });
  });

  it('calls made while the store process starts wait for it', async () => {
    start();
    const ack = await slot.applyUpdate('note-a', update('early'), 'window-1');
    expect(ack.seq).toBeGreaterThan(0);
    expect(slot.health()).toEqual({ ok: true });
  });

  it('after a SIGKILL it reports the store failed, restarts it, and every acknowledged update is there', async () => {
    start();
    await supervisor!.firstAttempt;
    const changes: string[] = [];
    slot.onChange((c) => changes.push(...c.map((x) => x.docId)));
    for (let i = 0; i < 20; i++) await slot.applyUpdate(`note-${i}`, update(`entry ${i}`), 'window-1');
    expect(changes).toHaveLength(20);

    children[0]!.kill('SIGKILL');
    await expect.poll(() => health.some((h) => !h.ok && /stopped unexpectedly/.test(h.message))).toBe(true);
    // A push during the restart waits for the new process instead of failing.
    const during = await slot.applyUpdate('note-late', update('typed during the restart'), 'window-1');
    expect(during.seq).toBeGreaterThan(20);
    expect(slot.health()).toEqual({ ok: true });
    expect(supervisor!.restarts()).toBe(1);
    for (let i = 0; i < 20; i++) expect(textOf(await slot.getUpdate(`note-${i}`))).toBe(`entry ${i}`);
    // Listeners followed the new process.
    await slot.applyUpdate('note-after', update('after'), 'window-1');
    expect(changes).toContain('note-after');
  });

  it('a folder another Kindred holds is reported plainly and retried until it is free', async () => {
    const other = await openLevelStore(dir);
    start();
    await supervisor!.firstAttempt;
    expect(slot.health()).toMatchObject({ ok: false, message: expect.stringMatching(/another Kindred/) });
    // Each try forks a fresh process (~0.4 s with tsx here).
    await expect.poll(() => supervisor!.restarts(), { timeout: 10_000 }).toBeGreaterThan(1);
    await other.close();
    await expect.poll(() => slot.health(), { timeout: 10_000 }).toEqual({ ok: true });
    await expect(slot.applyUpdate('note-a', update('now'), 'w')).resolves.toMatchObject({ changed: true });
  });

  it('stop closes the store cleanly and ends the process; the folder opens again at once', async () => {
    start();
    await slot.applyUpdate('note-a', update('kept'), 'w');
    await supervisor!.stop();
    supervisor = undefined;
    expect(children.every((c) => c.exitCode !== null || c.signalCode !== null)).toBe(true);
    await expect(slot.applyUpdate('note-a', update('x'), 'w')).rejects.toMatchObject({ code: 'closed' });
    const reopened = await openLevelStore(dir);
    expect(textOf(await reopened.getUpdate('note-a'))).toBe('kept');
    await reopened.close();
  });
});
