import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addImportantDate, setCareSetting, setCheckIn, snoozeCheckIn } from '../../shared/care';
import { createPerson, initWorkspace, peopleMap } from '../../shared/domain/workspace';
import type { HostClient, HostEventName, HostEvents, HostHandlers, ParamsOf } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import { createHostRouter } from '../../shared/host/router';
import { createWorkspaceView } from '../state/workspaceView';
import { localReminderStore, startDailyReminder, type DailyReminder, type ReminderState, type ReminderStore } from './dailyReminder';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const s of stops.splice(0)) s();
  vi.useRealTimers();
});

/** A host that records notifications and can click them. */
function fakeHost({ fail = false } = {}) {
  const shown: ParamsOf<'notification.show'>[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const host: HostClient = {
    request: (async (method: string, params: unknown) => {
      if (method !== 'notification.show') throw new Error(`unexpected ${method}`);
      if (fail) throw new Error('no notifications here');
      shown.push(params as ParamsOf<'notification.show'>);
      return { delivery: 'native' };
    }) as HostClient['request'],
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
  const emit = <E extends HostEventName>(event: E, payload: HostEvents[E]): void =>
    listeners.get(event)?.forEach((l) => l(payload));
  return { host, shown, emit };
}

function memoryStore(initial: ReminderState | null = null): ReminderStore & { state: ReminderState | null } {
  const store = {
    state: initial,
    get: () => store.state,
    set: (s: ReminderState) => void (store.state = s),
  };
  return store;
}

/** A real workspace doc: Sam's weekly check-in was due on Nov 23 2026 (set on the 16th). */
function workspace() {
  const ws = new Y.Doc();
  initWorkspace(ws);
  const person = (name: string) => createPerson(ws, name, '2026-11-01', { now: 1, deviceId: 'dev-a' }).id;
  const sam = person('Sam');
  setCheckIn(ws, sam, { every: 1, unit: 'weeks' }, '2026-11-16');
  const view = createWorkspaceView(ws);
  stops.push(() => view.dispose());
  return { ws, view, person, sam };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function start(opts: { view: ReturnType<typeof workspace>['view']; host: HostClient; store: ReminderStore; clock: { at: Date } }) {
  const navigate = vi.fn();
  let onVisible: () => void = () => undefined;
  const reminder: DailyReminder = startDailyReminder({
    host: opts.host,
    view: opts.view,
    now: () => opts.clock.at,
    store: opts.store,
    navigate,
    onVisible: (l) => {
      onVisible = l;
      return () => undefined;
    },
  });
  stops.push(() => reminder.stop());
  return { reminder, navigate, visible: () => onVisible() };
}

const at = (day: number, h: number, m = 0) => new Date(2026, 10, day, h, m);

describe('the daily reminder', () => {
  it('waits for the chosen time, then sends one notification summarising what is due today', async () => {
    const { view } = workspace();
    const { host, shown } = fakeHost();
    const store = memoryStore();
    const clock = { at: at(23, 8, 59) };
    const { reminder } = start({ view, host, store, clock });
    await reminder.check();
    expect(shown).toEqual([]);
    expect(store.state).toBeNull();

    clock.at = at(23, 9, 0);
    await reminder.check();
    expect(shown).toEqual([{ title: 'Keeping in touch today', body: 'Today: check in with Sam', tag: 'reach-out' }]);
    expect(store.state?.lastSentDay).toBe('2026-11-23');

    clock.at = at(23, 17, 30);
    await reminder.check();
    await reminder.check();
    expect(shown).toHaveLength(1);
  });

  it('looks on start and when the window comes back, and remembers across restarts', async () => {
    const { view } = workspace();
    const { host, shown } = fakeHost();
    const store = memoryStore();
    const clock = { at: at(23, 10) };
    const first = start({ view, host, store, clock });
    await settle();
    expect(shown).toHaveLength(1);
    first.reminder.stop();

    // A reload the same day: nothing new to say.
    const second = start({ view, host, store, clock });
    await settle();
    second.visible();
    await settle();
    expect(shown).toHaveLength(1);

    // The next morning the same check-in, still due, is worth one reminder again.
    clock.at = at(24, 9, 5);
    second.visible();
    await settle();
    expect(shown).toHaveLength(2);
  });

  it('sends a second one the same day only when something new comes due', async () => {
    const { ws, view, person, sam } = workspace();
    const maria = person('Maria');
    setCheckIn(ws, maria, { every: 1, unit: 'weeks' }, '2026-11-16');
    snoozeCheckIn(ws, maria, '2026-11-24');
    await settle();
    const { host, shown } = fakeHost();
    const store = memoryStore();
    const clock = { at: at(23, 9, 30) };
    const { reminder } = start({ view, host, store, clock });
    await settle();
    expect(shown.map((n) => n.body)).toEqual(['Today: check in with Sam']);

    // Maria's birthday is added for today: new, so worth a word.
    addImportantDate(ws, maria, { label: 'birthday', month: 11, day: 23, year: 1986 });
    await settle();
    await reminder.check();
    expect(shown.map((n) => n.body)).toEqual(['Today: check in with Sam', 'Today: check in with Sam; Maria turns 40 today']);
    await reminder.check();
    expect(shown).toHaveLength(2);

    // The next day Maria's snoozed check-in comes due alongside Sam's (most overdue first).
    clock.at = at(24, 9, 0);
    await reminder.check();
    expect(shown[2]?.body).toBe('Today: check in with Sam and Maria');
    expect(store.state?.lastSentKeys).toContain(`checkIn:${sam}:2026-11-23`);
  });

  it('stays quiet when nothing is due or the reminder is switched off', async () => {
    const { ws, view, sam } = workspace();
    setCheckIn(ws, sam, null, '2026-11-16');
    await settle();
    const { host, shown } = fakeHost();
    const store = memoryStore();
    const clock = { at: at(23, 12) };
    const { reminder } = start({ view, host, store, clock });
    await reminder.check();
    expect(shown).toEqual([]);
    expect(store.state).toBeNull();

    setCheckIn(ws, sam, { every: 1, unit: 'weeks' }, '2026-11-16');
    setCareSetting(ws, 'notifyAt', null);
    await settle();
    await reminder.check();
    expect(shown).toEqual([]);

    setCareSetting(ws, 'notifyAt', '13:00');
    await settle();
    await reminder.check();
    expect(shown).toEqual([]);
    clock.at = at(23, 13, 1);
    await reminder.check();
    expect(shown).toHaveLength(1);
  });

  it('checks every minute', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { view } = workspace();
    const { host, shown } = fakeHost();
    const clock = { at: at(23, 8, 58) };
    start({ view, host, store: memoryStore(), clock });
    clock.at = at(23, 9, 0);
    await vi.advanceTimersByTimeAsync(60_000);
    await settle();
    expect(shown).toHaveLength(1);
  });

  it('tries again later when the host could not show it', async () => {
    const { view } = workspace();
    const failing = fakeHost({ fail: true });
    const store = memoryStore();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const clock = { at: at(23, 9, 30) };
    const { reminder } = start({ view, host: failing.host, store, clock });
    await reminder.check();
    await reminder.check();
    expect(store.state?.lastSentDay ?? null).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('clicking the reminder opens Reach out; other notifications do not', () => {
    const { view } = workspace();
    const { host, emit } = fakeHost();
    const { navigate } = start({ view, host, store: memoryStore(), clock: { at: at(23, 8) } });
    emit('notification.clicked', { tag: 'something-else' });
    expect(navigate).not.toHaveBeenCalled();
    emit('notification.clicked', { tag: 'reach-out' });
    expect(navigate).toHaveBeenCalledWith('#/reach-out');
  });
});

/**
 * A host that validates every call with the real router and schemas, as both hosts do; `refuses`
 * stands in for a host stricter than ours (what it matches is refused as bad_request).
 */
function routedHost({ refuses = () => false }: { refuses?: (body: string) => boolean } = {}) {
  const shown: ParamsOf<'notification.show'>[] = [];
  const asked: ParamsOf<'notification.show'>[] = [];
  const handlers = {
    'notification.show': async (params: ParamsOf<'notification.show'>) => {
      if (refuses(params.body)) throw new HostError('bad_request', 'Invalid params for "notification.show" at "body".');
      shown.push(params);
      return { delivery: 'native' as const };
    },
  } as unknown as HostHandlers;
  const router = createHostRouter(handlers);
  const host: HostClient = {
    request: ((method: string, params: unknown) => {
      if (method === 'notification.show') asked.push(params as ParamsOf<'notification.show'>);
      return router.handle(method, params, { clientId: 'window-1' });
    }) as HostClient['request'],
    subscribe: () => () => undefined,
  };
  return { host, shown, asked };
}

/** Writes a field as an older version or another device may have (before fields had length limits). */
function writeRaw(ws: Y.Doc, personId: string, edit: (rec: Y.Map<unknown>) => void): void {
  const rec = peopleMap(ws).get(personId) as Y.Map<unknown>;
  ws.transact(() => edit(rec));
}

describe('the daily reminder always arrives', () => {
  it('with 500 people due today, a 5,000-character date label and a 5,000-character name', async () => {
    const { ws, view, person } = workspace();
    const ids = Array.from({ length: 500 }, (_, i) => person(`Friend ${i}`));
    for (const id of ids) addImportantDate(ws, id, { label: 'name day', month: 11, day: 23, year: null });
    writeRaw(ws, ids[0]!, (rec) => {
      rec.set('name', 'Bartholomew'.repeat(460));
      const dates = rec.get('dates') as Y.Map<unknown>;
      const [dateId] = [...dates.keys()];
      dates.set(dateId!, { label: `long ${'x'.repeat(5000)}`, month: 11, day: 23, year: null });
    });
    await settle();
    const { host, shown } = routedHost();
    const store = memoryStore();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { reminder } = start({ view, host, store, clock: { at: at(23, 9, 30) } });
    await reminder.check();
    warn.mockRestore();
    expect(shown).toHaveLength(1);
    const { body } = shown[0]!;
    expect(body.length).toBeLessThanOrEqual(2000);
    expect(body).toMatch(/^Today: check in with Sam; /);
    expect(body).toMatch(/; …and 496 more$/);
    expect(body).not.toContain('x'.repeat(100));
    expect(store.state?.lastSentDay).toBe('2026-11-23');
  });

  it('falls back to a short one when the host refuses the summary, instead of retrying every minute', async () => {
    const { ws, view, person } = workspace();
    const maria = person('Maria');
    addImportantDate(ws, maria, { label: 'birthday', month: 11, day: 23, year: 1986 });
    await settle();
    const { host, shown, asked } = routedHost({ refuses: (body) => body.startsWith('Today:') });
    const store = memoryStore();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { reminder } = start({ view, host, store, clock: { at: at(23, 9, 30) } });
    await reminder.check();
    expect(shown).toEqual([{ title: 'Keeping in touch today', body: '2 things are due. Open Reach out to see them.', tag: 'reach-out' }]);
    expect(warn).toHaveBeenCalledTimes(1);
    // Sent, so remembered: the next looks stay quiet.
    expect(store.state?.lastSentDay).toBe('2026-11-23');
    const before = asked.length;
    await reminder.check();
    await reminder.check();
    expect(asked).toHaveLength(before);
    warn.mockRestore();
  });

  it('when even the short one is refused, forgets it and says so once a day', async () => {
    const { view } = workspace();
    const { host, shown, asked } = routedHost({ refuses: () => true });
    const store = memoryStore();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { reminder } = start({ view, host, store, clock: { at: at(23, 9, 30) } });
    await reminder.check();
    await reminder.check();
    expect(shown).toEqual([]);
    expect(asked.length).toBeGreaterThanOrEqual(2);
    expect(store.state?.lastSentDay ?? null).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});

describe('localReminderStore', () => {
  function fakeStorage(): Storage {
    const m = new Map<string, string>();
    return {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
      removeItem: (k: string) => void m.delete(k),
      clear: () => m.clear(),
      key: () => null,
      get length() {
        return m.size;
      },
    };
  }

  it('round-trips and ignores what it cannot read', () => {
    const storage = fakeStorage();
    const store = localReminderStore(storage);
    expect(store.get()).toBeNull();
    store.set({ lastSentDay: '2026-11-23', lastSentKeys: ['checkIn:a:2026-11-23'] });
    expect(storage.getItem('kindred.reminder')).toContain('2026-11-23');
    expect(store.get()).toEqual({ lastSentDay: '2026-11-23', lastSentKeys: ['checkIn:a:2026-11-23'] });
    storage.setItem('kindred.reminder', '{not json');
    expect(store.get()).toBeNull();
    storage.setItem('kindred.reminder', JSON.stringify({ lastSentDay: 3, lastSentKeys: [] }));
    expect(store.get()).toBeNull();
  });
});
