import { HostError } from '../../shared/host/errors';

/**
 * What may leave the app as a link, and how often. Both hosts' `shell.openExternal` and the
 * Electron window-open handler go through here, so a link opens only what it says:
 * - only http, https and mailto; never file:, javascript:, custom schemes;
 * - http(s) with a real host written out after `//` (`http:///etc/passwd` would otherwise be
 *   read as http://etc/passwd), and without credentials: `https://accounts.example.com@evil.example/`
 *   reads as one site and opens another;
 * - mailto with only the fields a mail link needs (RFC 6068 allows any header, and some mail
 *   clients honour `attach=` with a local path);
 * - a handful per window at a time, so a runaway page cannot flood the desktop with browser tabs.
 */

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const MAIL_FIELDS: ReadonlySet<string> = new Set(['to', 'cc', 'bcc', 'subject', 'body']);
/** Tabs and newlines are silently dropped by the URL parser, so they could hide what a link is. */
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/;
/** The scheme, then exactly two slashes and at least one character of authority. */
const WEB_LINK_START = /^https?:\/\/[^/\\?#]/i;
const EXCERPT = 100;

function quoted(raw: string): string {
  return raw.length > EXCERPT ? `"${raw.slice(0, EXCERPT)}…"` : `"${raw}"`;
}

function noHost(raw: string): HostError {
  return new HostError('refused', `${quoted(raw)} has no valid host name after "//", so it was not opened.`);
}

/** The link to hand to the OS, or a HostError 'refused' that says what is wrong with it. */
export function checkExternalUrl(input: string): string {
  const raw = input.trim();
  if (CONTROL_CHARACTERS.test(raw)) {
    throw new HostError('refused', 'That link contains control characters (such as tabs or line breaks) and was not opened.');
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    if (/^https?:/i.test(raw)) throw noHost(raw);
    throw new HostError('refused', `${quoted(raw)} is not a valid link.`);
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) {
    throw new HostError('refused', `Links starting with "${url.protocol}" are not opened; only http, https and mailto.`);
  }
  if (url.protocol === 'mailto:') return mailtoWithAllowedFields(url);
  const authority = raw.slice(url.protocol.length + 2).split(/[/?#]/, 1)[0] ?? '';
  if (!WEB_LINK_START.test(raw) || url.hostname === '' || authority.includes('\\')) {
    throw noHost(raw);
  }
  if (url.username !== '' || url.password !== '' || authority.includes('@')) {
    throw new HostError(
      'refused',
      `This link goes to ${url.hostname}, whatever comes before the "@" in it. ` +
        `Links with a user name or password are not opened; type the address of ${url.hostname} yourself if you trust it.`,
    );
  }
  return url.toString();
}

/**
 * Rebuilds a mailto: link from its address and the allowed fields only, keeping each kept field
 * exactly as written (re-encoding would turn spaces into "+", which mail clients show literally).
 */
function mailtoWithAllowedFields(url: URL): string {
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && MAIL_FIELDS.has(fieldName(pair)));
  return `mailto:${url.pathname}${kept.length > 0 ? `?${kept.join('&')}` : ''}`;
}

function fieldName(pair: string): string {
  const name = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(name).toLowerCase();
  } catch {
    return ''; // undecodable: not one of ours
  }
}

export interface OpenLimiter {
  /** Counts one link opened by `clientId`; throws HostError 'refused' when over the limit. */
  take(clientId: string): void;
}

export interface OpenLimiterOptions {
  /** Links per window… */
  max?: number;
  /** …within this many milliseconds. */
  windowMs?: number;
  now?: () => number;
}

export const OPEN_LIMIT = { max: 5, windowMs: 10_000 } as const;

/** A sliding window per client: at most `max` links in any `windowMs`. */
export function createOpenLimiter(options: OpenLimiterOptions = {}): OpenLimiter {
  const max = options.max ?? OPEN_LIMIT.max;
  const windowMs = options.windowMs ?? OPEN_LIMIT.windowMs;
  const now = options.now ?? Date.now;
  const recent = new Map<string, number[]>();
  return {
    take(clientId) {
      const at = now();
      // Forget clients whose links are all old, so the map stays as small as the set of busy windows.
      for (const [id, times] of recent) {
        if ((times[times.length - 1] ?? -Infinity) <= at - windowMs) recent.delete(id);
      }
      const times = (recent.get(clientId) ?? []).filter((t) => t > at - windowMs);
      if (times.length >= max) {
        recent.set(clientId, times);
        const seconds = Math.ceil((times[0]! + windowMs - at) / 1000);
        throw new HostError(
          'refused',
          `Too many links opened at once; this one was not opened. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
        );
      }
      times.push(at);
      recent.set(clientId, times);
    },
  };
}
