import { useSyncExternalStore, type JSX } from 'react';
import type { HostClient } from '../../../shared/host/contract';
import { REACH_OUT_HREF, REMINDER_TAG } from '../../care/dailyReminder';
import { navigate } from '../../router/useRoute';
import { useServices } from '../../state/AppServices';

interface Banner {
  id: number;
  title: string;
  body: string;
  tag?: string;
}

interface BannerStore {
  get(): readonly Banner[];
  subscribe(listener: () => void): () => void;
  dismiss(id: number): void;
}

const stores = new WeakMap<HostClient, BannerStore>();

/**
 * The banners the host asked for, kept from the moment this is first called: main.tsx calls it
 * before anything may ask (the daily reminder looks on start), so none is lost before the list
 * below has mounted.
 */
export function bannerStore(host: HostClient): BannerStore {
  const existing = stores.get(host);
  if (existing) return existing;
  let banners: readonly Banner[] = [];
  let next = 1;
  const listeners = new Set<() => void>();
  const set = (b: readonly Banner[]): void => {
    banners = b;
    listeners.forEach((l) => l());
  };
  host.subscribe('notification.bannerRequested', (n) => set([...banners, { id: next++, ...n }]));
  const store: BannerStore = {
    get: () => banners,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dismiss: (id) => set(banners.filter((b) => b.id !== id)),
  };
  stores.set(host, store);
  return store;
}

/**
 * In-app notifications: the web host has no native notifications, so it asks the page to
 * show them here. Each stays until dismissed; the daily reminder's opens Reach out.
 */
export function Banners(): JSX.Element | null {
  const { host } = useServices();
  const store = bannerStore(host);
  const banners = useSyncExternalStore(store.subscribe, store.get);
  if (banners.length === 0) return null;
  return (
    <div className="banners">
      {banners.map((b) => (
        <div key={b.id} className="banner" role="status">
          <strong>{b.title}</strong> <span>{b.body}</span>
          {b.tag === REMINDER_TAG && (
            <button
              type="button"
              className="banner-open"
              onClick={() => {
                store.dismiss(b.id);
                navigate(REACH_OUT_HREF);
              }}
            >
              Open Reach out
            </button>
          )}
          <button type="button" aria-label={`Dismiss “${b.title}”`} onClick={() => store.dismiss(b.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
