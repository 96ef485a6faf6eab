import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostServices } from '../../electron/host/handlers';
import type { JournalStore } from '../../electron/services/store/types';
import type { HostClient, HostEventName, HostEvents, HostKind, NotificationDelivery } from './contract';
import { HOST_PROTOCOL_VERSION } from './contract';
import { HostError, type HostErrorCode } from './errors';
import { describeReplicaContract } from './replicaSuite.testkit';

/**
 * One behavioural suite for every host implementation. Each transport (in-memory pair, real
 * WebSocket host) runs the same cases, so a renderer sees the same answers from either host.
 * Named `.testkit.ts` so vitest does not collect it on its own.
 */

export type ConnectedClient = HostClient & { ready: Promise<string> };

/** Records what the host asked its services to do; handlers must only reach these with valid input. */
export interface Recorder {
  openExternal: HostServices['openExternal'];
  showNotification: HostServices['showNotification'];
  windowReadyToClose: HostServices['windowReadyToClose'];
  calls: {
    openExternal: string[];
    notifications: { title: string; body: string; tag?: string; clientId: string }[];
    readyToClose: string[];
  };
  /** While true, openExternal never settles: lets a test drop the connection mid-request. */
  holdOpenExternal: boolean;
}

export function createRecorder(): Recorder {
  const recorder: Recorder = {
    calls: { openExternal: [], notifications: [], readyToClose: [] },
    holdOpenExternal: false,
    async openExternal(url) {
      recorder.calls.openExternal.push(url);
      if (recorder.holdOpenExternal) await new Promise<never>(() => undefined);
    },
    async showNotification(n, ctx) {
      recorder.calls.notifications.push({ ...n, clientId: ctx.clientId });
      return 'native';
    },
    windowReadyToClose(ctx) {
      recorder.calls.readyToClose.push(ctx.clientId);
    },
  };
  return recorder;
}

export interface ContractHarness {
  kind: HostKind;
  /** The real store behind the host (memory, or LevelDB in a temp folder), to check what landed. */
  store: JournalStore;
  /** How this host delivers `notification.show`: a native notification, or a banner event to the caller. */
  delivery: NotificationDelivery;
  client: ConnectedClient;
  /** Connects one more client to the same host; resolves once the host has welcomed it. */
  connect(): Promise<ConnectedClient>;
  emitToAll<E extends HostEventName>(event: E, payload: HostEvents[E]): void;
  /** Cuts every connection from the host's side, as when the host process stops. */
  drop(): Promise<void>;
  dispose(): Promise<void>;
}

export type UntypedRequest = (method: string, params: unknown) => Promise<unknown>;

export async function errorOf(promise: Promise<unknown>): Promise<HostError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(HostError);
    return err as HostError;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

export async function expectCode(promise: Promise<unknown>, code: HostErrorCode): Promise<void> {
  expect((await errorOf(promise)).code).toBe(code);
}

/** Everything `client` receives for `event`, in order. */
export function collect<E extends HostEventName>(client: HostClient, event: E): HostEvents[E][] {
  const seen: HostEvents[E][] = [];
  client.subscribe(event, (payload) => seen.push(payload));
  return seen;
}

export function nextEvent<E extends HostEventName>(client: HostClient, event: E, ms = 2000): Promise<HostEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" event within ${ms} ms`)), ms);
    const off = client.subscribe(event, (payload) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

export function describeHostContract(name: string, makeHarness: (recorder: Recorder) => Promise<ContractHarness>): void {
  describe(`host contract over ${name}`, () => {
    let h: ContractHarness;
    let rec: Recorder;
    beforeEach(async () => {
      rec = createRecorder();
      h = await makeHarness(rec);
      await h.client.ready;
    });
    afterEach(async () => {
      await h.dispose();
    });

    it('app.info names the host and its protocol version', async () => {
      const info = await h.client.request('app.info', {});
      expect(info).toMatchObject({ name: 'Kindred', host: h.kind, protocolVersion: HOST_PROTOCOL_VERSION });
      expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(typeof info.platform).toBe('string');
      expect(Math.abs(info.now - Date.now())).toBeLessThan(60_000);
    });

    it.each(['https://example.com/a?b=c', 'http://example.org', 'mailto:friend@example.com'])(
      'shell.openExternal opens %s',
      async (url) => {
        await expect(h.client.request('shell.openExternal', { url })).resolves.toEqual({ opened: true });
        expect(rec.calls.openExternal).toEqual([new URL(url).toString()]);
      },
    );

    it.each([
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url at all',
      'kindred-internal://x',
      'data:text/html,<script>1</script>',
    ])('shell.openExternal refuses %s without calling the opener', async (url) => {
      await expectCode(h.client.request('shell.openExternal', { url }), 'refused');
      expect(rec.calls.openExternal).toEqual([]);
    });

    it.each([
      // Credentials before the host: the link reads as accounts.example.com but goes to evil.example.
      ['https://accounts.example.com@evil.example/', /evil\.example/],
      ['https://user:secret@example.com/', /example\.com/],
      ['http://:@example.com/', /example\.com/],
      // Special schemes swallow extra slashes: this would open http://etc/passwd.
      ['http:///etc/passwd', /host/i],
      ['https:///', /host/i],
      ['https:example.com', /host/i],
      ['http:\\\\evil.example\\', /host/i],
      ['https://exa\tmple.com/', /control/i],
    ])('shell.openExternal refuses %s, saying why', async (url, why) => {
      const error = await errorOf(h.client.request('shell.openExternal', { url }));
      expect(error.code).toBe('refused');
      expect(error.message).toMatch(why);
      expect(rec.calls.openExternal).toEqual([]);
    });

    it('shell.openExternal passes only to, cc, bcc, subject and body on to the mail client', async () => {
      const url = 'mailto:ana@example.com?subject=Hi%20Ana&attach=/etc/passwd&body=See%20you&X-Evil=1&CC=lee@example.com&attachment=%2Fetc%2Fshadow&bcc=kim@example.com&to=sam@example.com';
      await expect(h.client.request('shell.openExternal', { url })).resolves.toEqual({ opened: true });
      expect(rec.calls.openExternal).toEqual([
        'mailto:ana@example.com?subject=Hi%20Ana&body=See%20you&CC=lee@example.com&bcc=kim@example.com&to=sam@example.com',
      ]);
    });

    it('shell.openExternal opens at most 5 links in 10 seconds per window, then refuses plainly', async () => {
      for (let i = 0; i < 5; i++) {
        await expect(h.client.request('shell.openExternal', { url: `https://example.com/${i}` })).resolves.toEqual({ opened: true });
      }
      const error = await errorOf(h.client.request('shell.openExternal', { url: 'https://example.com/5' }));
      expect(error.code).toBe('refused');
      expect(error.message).toMatch(/too many links/i);
      expect(rec.calls.openExternal).toHaveLength(5);
      // Another window has its own allowance.
      const other = await h.connect();
      await expect(other.request('shell.openExternal', { url: 'https://example.com/other' })).resolves.toEqual({ opened: true });
      expect(rec.calls.openExternal).toHaveLength(6);
    });

    it.each<[string, unknown]>([
      ['shell.openExternal', {}],
      ['shell.openExternal', { url: 42 }],
      ['shell.openExternal', { url: 'https://example.com', extra: true }],
      ['shell.openExternal', 'https://example.com'],
      ['notification.show', { title: 'Hi' }],
      ['notification.show', { title: '', body: 'empty title' }],
      ['notification.show', { title: 'Hi', body: 'x', tag: 7 }],
      ['app.info', { verbose: true }],
      ['window.readyToClose', { now: 1 }],
    ])('%s with params %j is a bad_request and reaches no service', async (method, params) => {
      const banners = collect(h.client, 'notification.bannerRequested');
      await expectCode((h.client.request as UntypedRequest)(method, params), 'bad_request');
      // A valid call afterwards proves the connection still works and flushes anything the bad one sent.
      await h.client.request('app.info', {});
      expect(rec.calls).toEqual({ openExternal: [], notifications: [], readyToClose: [] });
      expect(banners).toEqual([]);
    });

    it('data.* refuses malformed requests before any handler, and cancelling no job is a plain "no"', async () => {
      const raw = h.client.request as UntypedRequest;
      await expectCode(raw('data.export', { kind: 'pdf' }), 'bad_request');
      await expectCode(raw('data.export', { kind: 'vault', name: 'x', path: '/etc' }), 'bad_request');
      await expectCode(raw('data.autoBackup.set', { keep: 0 }), 'bad_request');
      await expectCode(raw('data.upload.part', { uploadId: 'upload-0001', index: 2, count: 2, bytesB64: 'AAAA' }), 'bad_request');
      expect(await h.client.request('data.cancel', { jobId: 'no-such-job' })).toEqual({ cancelling: false });
    });

    it('trash.* refuses malformed requests, empties an empty Trash as a finished job, and cancelling no job is a plain "no"', async () => {
      const raw = h.client.request as UntypedRequest;
      await expectCode(raw('trash.empty', { all: true }), 'bad_request');
      await expectCode(raw('trash.cancel', { jobId: '../x' }), 'bad_request');
      expect(await h.client.request('trash.cancel', { jobId: 'no-such-job' })).toEqual({ cancelling: false });
      const progress = collect(h.client, 'trash.progress');
      const finished = new Promise<void>((resolve) => h.client.subscribe('trash.progress', (p) => p.finished && resolve()));
      const { jobId } = await h.client.request('trash.empty', {});
      await finished;
      expect(progress.at(-1)).toEqual({ jobId, done: 0, total: 0, finished: true });
    });

    it('an unknown method is unknown_method', async () => {
      await expectCode((h.client.request as UntypedRequest)('fs.readFile', { path: '/etc/passwd' }), 'unknown_method');
      await expectCode((h.client.request as UntypedRequest)('__proto__', {}), 'unknown_method');
    });

    it('notification.show reaches the calling window only', async () => {
      // The caller is the second connection, so "the first one" or "everyone" would both be caught.
      const caller = await h.connect();
      const callerBanners = collect(caller, 'notification.bannerRequested');
      const bystander = collect(h.client, 'notification.bannerRequested');
      const note = { title: 'Call Ana', body: 'It has been three weeks.', tag: 'reach-out:ana' };
      await expect(caller.request('notification.show', note)).resolves.toEqual({ delivery: h.delivery });
      await h.client.request('app.info', {}); // a round trip here, so a stray event would have arrived by now
      if (h.delivery === 'banner') {
        expect(callerBanners).toEqual([note]);
        expect(rec.calls.notifications).toEqual([]);
      } else {
        expect(callerBanners).toEqual([]);
        expect(rec.calls.notifications).toEqual([{ ...note, clientId: await caller.ready }]);
      }
      expect(bystander).toEqual([]);
    });

    it('window.readyToClose is attributed to the calling window', async () => {
      const other = await h.connect();
      expect(await other.ready).not.toBe(await h.client.ready);
      await expect(other.request('window.readyToClose', {})).resolves.toEqual({ ok: true });
      expect(rec.calls.readyToClose).toEqual([await other.ready]);
    });

    it('events reach every subscriber until it unsubscribes', async () => {
      const other = await h.connect();
      const first = collect(h.client, 'notification.clicked');
      const second = collect(other, 'notification.clicked');
      const received = [nextEvent(h.client, 'notification.clicked'), nextEvent(other, 'notification.clicked')];
      h.emitToAll('notification.clicked', { tag: 'a' });
      await Promise.all(received);
      expect(first).toEqual([{ tag: 'a' }]);
      expect(second).toEqual([{ tag: 'a' }]);

      const gone: unknown[] = [];
      const unsubscribe = h.client.subscribe('notification.clicked', (payload) => gone.push(payload));
      unsubscribe();
      const arrived = nextEvent(h.client, 'notification.clicked');
      h.emitToAll('notification.clicked', { tag: 'b' });
      await arrived;
      expect(first).toEqual([{ tag: 'a' }, { tag: 'b' }]);
      expect(gone).toEqual([]);
    });

    it('a dropped connection fails pending and later requests as unavailable', async () => {
      rec.holdOpenExternal = true;
      const pending = h.client.request('shell.openExternal', { url: 'https://example.com' });
      await expect.poll(() => rec.calls.openExternal.length).toBe(1);
      const failure = errorOf(pending); // handle the rejection before it happens
      await h.drop();
      const error = await failure;
      expect(error.code).toBe('unavailable');
      expect(error.message).toMatch(/connection .* lost/i);
      await expectCode(h.client.request('app.info', {}), 'unavailable');
    });
  });
  describeReplicaContract(name, makeHarness);
}
