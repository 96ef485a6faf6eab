import type { HostClient } from '../../shared/host/contract';

/**
 * The app's clock follows its host's (`app.info.now`): in Electron that is the same machine's
 * clock, and a host may be told another "now" (the web host in end-to-end tests), so every
 * date the UI computes — today's entry, what is due — comes from one place.
 */
export interface HostClock {
  now(): Date;
  /** Asks the host again (e.g. when the window comes back after a long sleep). */
  refresh(timeoutMs?: number): Promise<void>;
}

export function createHostClock(host: HostClient): HostClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    async refresh(timeoutMs = 1500) {
      const asked = Date.now();
      const info = await Promise.race([
        host.request('app.info', {}),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs)),
      ]).catch(() => null);
      if (!info) return; // no host: the local clock it is
      const roundTrip = Date.now() - asked;
      const measured = info.now + roundTrip / 2 - Date.now();
      // Ignore ordinary skew; follow a host that means a different time.
      offset = Math.abs(measured) > 2_000 ? measured : 0;
    },
  };
}
