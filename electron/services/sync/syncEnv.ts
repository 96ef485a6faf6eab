import { hostname } from 'node:os';
import type { DhtBootstrapNode } from './types';

/**
 * Sync settings a user (or a test) can give through the environment:
 *   KINDRED_SYNC_BOOTSTRAP  "host:port,host:port" — DHT bootstrap nodes instead of Hyperswarm's
 *                           public ones; "none" — no internet path at all (LAN only).
 *   KINDRED_SYNC_LAN        "0" turns LAN discovery off.
 *   KINDRED_SYNC            "0" turns sync off entirely.
 * A malformed value is an error that names it, never a silent fallback to the public nodes.
 */
export interface SyncEnv {
  enabled: boolean;
  bootstrap?: DhtBootstrapNode[];
  lan: boolean;
  defaultName: string;
}

export function parseBootstrap(raw: string): DhtBootstrapNode[] {
  const value = raw.trim();
  if (value === 'none' || value === '') return [];
  return value.split(',').map((part) => {
    const item = part.trim();
    const at = item.lastIndexOf(':');
    const host = at > 0 ? item.slice(0, at) : '';
    const port = Number(item.slice(at + 1));
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`KINDRED_SYNC_BOOTSTRAP: "${item}" is not host:port (e.g. 192.0.2.7:49737), or "none".`);
    }
    return { host, port };
  });
}

export function syncEnv(env: NodeJS.ProcessEnv = process.env): SyncEnv {
  return {
    enabled: env.KINDRED_SYNC !== '0',
    ...(env.KINDRED_SYNC_BOOTSTRAP !== undefined ? { bootstrap: parseBootstrap(env.KINDRED_SYNC_BOOTSTRAP) } : {}),
    lan: env.KINDRED_SYNC_LAN !== '0',
    defaultName: hostname() || 'This device',
  };
}
