import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { connectWebSocketHost, type WebSocketHostClient } from '../../renderer/host/webSocketHost';
import { toBase64 } from '../../shared/host/base64';
import { HOST_PROTOCOL_VERSION } from '../../shared/host/contract';
import { openMemoryStore } from '../services/store';
import type { JournalStore } from '../services/store/types';
import { OUTBOX_HARD_BYTES, OUTBOX_SOFT_BYTES } from './outbox';
import { startWebHost, type WebHost } from './server';

/**
 * A page that stops reading must not grow the host without bound (ws queues every send). Real
 * sockets on 127.0.0.1: the slow client pauses its TCP socket, so the kernel buffers fill and
 * the host's side backs up exactly as with a frozen tab.
 */
const SOFT = 512 * 1024;
const HARD = 4 * 1024 * 1024;

describe('web host backpressure', () => {
  it('defaults to bounds that fit the contract: the hard one well above a part', () => {
    expect(OUTBOX_SOFT_BYTES).toBe(1024 * 1024);
    expect(OUTBOX_HARD_BYTES).toBe(16 * 1024 * 1024);
  });

  let base: string;
  let store: JournalStore;
  let host: WebHost;
  const cuts: string[] = [];
  beforeEach(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'kindred-bp-'));
    await mkdir(path.join(base, 'renderer'));
    await writeFile(path.join(base, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
    store = await openMemoryStore();
    host = await startWebHost({
      rendererDir: path.join(base, 'renderer'),
      port: 0,
      store,
      services: { log: (line) => cuts.push(line) },
      // Smaller bounds than the defaults (1 / 16 MiB) keep the flood, and the test, short.
      backpressure: { softBytes: SOFT, hardBytes: HARD, graceMs: 100 },
    });
  });
  afterEach(async () => {
    await host.close();
    await store.close();
    await rm(base, { recursive: true, force: true });
  });

  /** A raw client that opens `docId` and then stops reading its socket. */
  async function stalledClient(docId: string): Promise<WebSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/host?token=${encodeURIComponent(host.token)}`);
    const frames: { type: string; id?: number }[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as { type: string; id?: number }));
    ws.on('error', () => undefined);
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'hello', protocolVersion: HOST_PROTOCOL_VERSION }));
    const sv = toBase64(Y.encodeStateVector(new Y.Doc()));
    ws.send(JSON.stringify({ type: 'request', id: 1, method: 'replica.open', params: { docId, sv } }));
    await expect.poll(() => frames.some((f) => f.type === 'response' && f.id === 1)).toBe(true);
    // ws keeps its net.Socket private; pausing it is what a tab that stops reading looks like.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    return ws;
  }

  it('cuts off a client that stops reading, keeps the host bounded, and serves a reading client in full', async () => {
    const docId = 'note-flood';
    const slow = await stalledClient(docId);
    const reader: WebSocketHostClient = connectWebSocketHost(
      `ws://127.0.0.1:${host.port}/host?token=${encodeURIComponent(host.token)}`,
      { WebSocketImpl: WebSocket },
    );
    await reader.request('replica.open', { docId, sv: toBase64(Y.encodeStateVector(new Y.Doc())) });
    let readerGot = 0;
    reader.subscribe('replica.updated', () => readerGot++);
    expect(host.connections()).toBe(2);

    // Another window types a lot: 200 updates of 64 KiB (~85 KiB per event as base64 JSON).
    const writer = new Y.Doc();
    const text = writer.getText('t');
    let sent = 0;
    let maxHeld = 0;
    const rssBefore = process.memoryUsage().rss;
    writer.on('update', (update: Uint8Array) => void (sent += Math.ceil(update.length / 3) * 4));
    for (let i = 0; i < 200; i++) {
      const before = Y.encodeStateVector(writer);
      text.insert(text.length, `${i} `.padEnd(64 * 1024, 'abcdefghij'));
      await store.applyUpdate(docId, Y.encodeStateAsUpdate(writer, before), 'another-window');
      maxHeld = Math.max(maxHeld, host.heldBytes());
      // Let the sockets move, as a real host's event loop would between keystrokes.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const rssGrowth = process.memoryUsage().rss - rssBefore;

    expect(sent).toBeGreaterThan(3 * HARD); // far more than the bound was pushed
    await expect.poll(() => host.connections(), { timeout: 10_000 }).toBe(1);
    expect(cuts.some((line) => line.includes('stopped reading'))).toBe(true);
    // Queued + socket-buffered bytes never passed the hard bound plus one frame and the soft bound.
    expect(maxHeld).toBeLessThan(HARD + SOFT + 128 * 1024);
    // The reading client got every update and stayed connected.
    await expect.poll(() => readerGot, { timeout: 10_000 }).toBe(200);
    expect(reader.isClosed()).toBe(false);
    console.info(
      `backpressure: pushed ${(sent / 2 ** 20).toFixed(1)} MiB of events; host held at most ` +
        `${(maxHeld / 2 ** 20).toFixed(1)} MiB; RSS grew ${(rssGrowth / 2 ** 20).toFixed(1)} MiB (store included)`,
    );
    reader.close();
    slow.terminate();
  }, 60_000);

  it('a client that reads slowly but keeps up is never cut off', async () => {
    const docId = 'note-slow';
    const ws = await stalledClient(docId);
    const socket = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    const writer = new Y.Doc();
    for (let i = 0; i < 60; i++) {
      const before = Y.encodeStateVector(writer);
      writer.getText('t').insert(0, 'x'.repeat(64 * 1024));
      await store.applyUpdate(docId, Y.encodeStateAsUpdate(writer, before), 'another-window');
      // Reads in bursts: well under the bound at any moment.
      if (i % 10 === 9) {
        socket.resume();
        await expect.poll(() => host.heldBytes()).toBeLessThan(SOFT);
        socket.pause();
      }
    }
    socket.resume();
    await expect.poll(() => host.heldBytes()).toBe(0);
    expect(host.connections()).toBe(1);
    ws.close();
  });
});
