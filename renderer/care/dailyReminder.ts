import { dueToday, planDailyNotification, reachOutKey, summariseDue } from '../../shared/care';
import { fallbackSummary } from '../../shared/care/notifications';
import { HostError } from '../../shared/host/errors';
import { toLocalISODate } from '../../shared/domain/dates';
import type { HostClient } from '../../shared/host/contract';
import type { WorkspaceView } from '../state/workspaceView';
import { cachedReachOut } from './careModel';

/**
 * The daily reminder: once a day, at the time the user chose, one notification about what is
 * due today (a native one where the host has them; the web host shows an in-app banner). A
 * second one the same day only when something comes due that the first did not mention (see
 * planDailyNotification). What was sent is remembered per device, so two devices syncing the
 * same journal each remind their own person once, and reloading never reminds twice.
 */

export const REMINDER_TAG = 'reach-out';
export const REACH_OUT_HREF = '#/reach-out';

/** What this device last notified about. */
export interface ReminderState {
  lastSentDay: string | null;
  lastSentKeys: string[];
}

export interface ReminderStore {
  get(): ReminderState | null;
  set(state: ReminderState): void;
}

export interface DailyReminderOptions {
  host: HostClient;
  view: WorkspaceView;
  /** The app's clock (the host owns "now"). */
  now(): Date;
  store: ReminderStore;
  /** Opens Reach out when the notification is clicked. */
  navigate(href: string): void;
  /** How often to look; a minute unless a test says otherwise. */
  everyMs?: number;
  /** Calls back when the window becomes visible again; defaults to `document`'s visibilitychange. */
  onVisible?: (listener: () => void) => () => void;
}

export interface DailyReminder {
  /** Looks now (also runs every minute, on start, and when the window comes back). */
  check(): Promise<void>;
  stop(): void;
}

function isState(v: unknown): v is ReminderState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<ReminderState>;
  return (
    (s.lastSentDay === null || typeof s.lastSentDay === 'string') &&
    Array.isArray(s.lastSentKeys) &&
    s.lastSentKeys.every((k) => typeof k === 'string')
  );
}

/** This device's memory of what it sent, in localStorage (per device, never synced). */
export function localReminderStore(storage: Storage = window.localStorage, key = 'kindred.reminder'): ReminderStore {
  return {
    get() {
      try {
        const parsed: unknown = JSON.parse(storage.getItem(key) ?? 'null');
        return isState(parsed) ? parsed : null;
      } catch {
        return null;
      }
    },
    set(state) {
      try {
        storage.setItem(key, JSON.stringify(state));
      } catch {
        // Storage full or unavailable: at worst the reminder comes again after a reload.
      }
    },
  };
}

function documentVisibility(listener: () => void): () => void {
  if (typeof document === 'undefined') return () => undefined;
  const onChange = (): void => {
    if (document.visibilityState === 'visible') listener();
  };
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}

export function startDailyReminder(options: DailyReminderOptions): DailyReminder {
  const { host, view, now, store, navigate } = options;
  let running: Promise<void> | null = null;
  let stopped = false;
  let warnedDay: string | null = null;

  const look = async (): Promise<void> => {
    const { notifyAt } = view.getSnapshot().settings;
    if (stopped || notifyAt === null) return;
    const at = now();
    const day = toLocalISODate(at);
    const snapshot = view.getSnapshot();
    const reach = cachedReachOut(snapshot, day);
    const previous = store.get() ?? { lastSentDay: null, lastSentKeys: [] };
    const dueKeys = dueToday(reach, day).map(reachOutKey);
    const plan = planDailyNotification({
      now: at,
      timeOfDay: notifyAt,
      lastSentDay: previous.lastSentDay,
      lastSentKeys: previous.lastSentKeys,
      dueKeys,
    });
    if (!plan.send) return;
    // Remember before asking, so a second window of this device looking meanwhile stays quiet.
    store.set({ lastSentDay: plan.day, lastSentKeys: plan.keys });
    const warnOnce = (what: string, err: unknown): void => {
      if (warnedDay !== day) console.warn(`[kindred reminder] ${what}:`, err);
      warnedDay = day;
    };
    const summary = summariseDue(reach, (id) => snapshot.people.get(id)?.name ?? 'someone', day);
    try {
      await host.request('notification.show', { ...summary, tag: REMINDER_TAG });
      return;
    } catch (err) {
      // A refusal of this content would repeat every minute: say less rather than nothing. Anything
      // else (no host, no notifications right now) is worth another try at the next look.
      if (!(err instanceof HostError && err.code === 'bad_request')) {
        store.set(previous);
        warnOnce('could not show the daily reminder', err);
        return;
      }
      warnOnce('the host refused the daily reminder; sending a short one instead', err);
    }
    try {
      await host.request('notification.show', { ...fallbackSummary(new Set(dueKeys).size), tag: REMINDER_TAG });
    } catch (err) {
      // Not shown: forget it, so the next look tries again (and say so once a day, not every minute).
      store.set(previous);
      warnOnce('could not show the daily reminder', err);
    }
  };

  const check = (): Promise<void> => {
    // One look at a time: a slow host must not get the same reminder twice.
    running ??= look().finally(() => {
      running = null;
    });
    return running;
  };

  const timer = setInterval(() => void check(), options.everyMs ?? 60_000);
  const stopVisible = (options.onVisible ?? documentVisibility)(() => void check());
  const stopClicks = host.subscribe('notification.clicked', ({ tag }) => {
    if (tag === REMINDER_TAG) navigate(REACH_OUT_HREF);
  });
  void check();

  return {
    check,
    stop() {
      stopped = true;
      clearInterval(timer);
      stopVisible();
      stopClicks();
    },
  };
}
