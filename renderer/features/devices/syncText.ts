import { DEVICE_NAME_MAX, PAIRING_CODE_MAX } from '../../../shared/host/limits';

/**
 * Words for Devices and sync: plain, calm, no jargon ("peer", "node", "key exchange" never
 * reach the screen). Pure functions of their inputs, so they are tested without a DOM.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago `then` was, from `now` (both host-clock ms): "just now", "a minute ago",
 * "12 minutes ago", "an hour ago", "5 hours ago", "yesterday", "3 days ago", then the date.
 * A time slightly in the future (two clocks a little apart) reads as "just now".
 */
export function relativeTimeText(then: number, now: number, locale?: string): string {
  const ago = now - then;
  if (ago < 45_000) return 'just now';
  if (ago < 90_000) return 'a minute ago';
  if (ago < 45 * MINUTE) return `${Math.round(ago / MINUTE)} minutes ago`;
  if (ago < 90 * MINUTE) return 'an hour ago';
  if (ago < 22 * HOUR) return `${Math.round(ago / HOUR)} hours ago`;
  if (ago < 36 * HOUR) return 'yesterday';
  if (ago < 7 * DAY) return `${Math.max(2, Math.round(ago / DAY))} days ago`;
  return `on ${dateText(then, locale)}`;
}

/** "Last synced 5 minutes ago", or null before the first completed exchange. */
export function lastSyncedText(lastSyncedAt: number | null, now: number, locale?: string): string | null {
  return lastSyncedAt === null ? null : `Last synced ${relativeTimeText(lastSyncedAt, now, locale)}`;
}

/** "14 March 2026" in the reader's locale. */
export function dateText(at: number, locale?: string): string {
  return new Date(at).toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric' });
}

/**
 * Minutes and seconds left, rounded up so "0:01" shows until the last second is really gone:
 * 272_000 → "4:32". Negative or zero → "0:00".
 */
export function clockText(msLeft: number): string {
  const seconds = Math.max(0, Math.ceil(msLeft / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** "Expires in 4:32", or "This invite has expired" once the time is up. */
export function countdownText(expiresAt: number, now: number): string {
  const left = expiresAt - now;
  return left > 0 ? `Expires in ${clockText(left)}` : 'This invite has expired';
}

/** "Paired with Laptop (K7QM-2XPA)". */
export function pairedText(device: { name: string; fingerprint: string }): string {
  return device.fingerprint ? `Paired with ${device.name} (${device.fingerprint})` : `Paired with ${device.name}`;
}

/** The notice shown on a device another one removed from sync. */
export function removedNoticeText(removed: { byName: string; at: number }, locale?: string): string {
  const by = removed.byName.trim() || 'another device';
  return `This device was removed from sync by ${by} on ${dateText(removed.at, locale)}. Your journal stays on this device.`;
}

/** The question the remove dialog asks, and what it means. */
export function removeQuestion(name: string): { title: string; detail: string } {
  return {
    title: `Remove ${name.trim() || 'this device'}?`,
    detail: 'It will stop syncing at once and can’t reconnect with its current keys. It keeps the journal it already has.',
  };
}

/** How a paired device is connected right now, or null. */
export function viaText(via: 'internet' | 'lan' | null): string | null {
  if (via === 'lan') return 'On this network';
  if (via === 'internet') return 'Over the internet';
  return null;
}

export type Checked = { ok: true; value: string } | { ok: false; error: string };

/** The same rule the host applies to `sync.device.rename`, said before the request is sent. */
export function checkDeviceName(raw: string): Checked {
  const value = raw.trim();
  if (!value) return { ok: false, error: 'A device needs a name.' };
  if (value.length > DEVICE_NAME_MAX) {
    return { ok: false, error: `A device name has at most ${DEVICE_NAME_MAX} characters (this one has ${value.length}).` };
  }
  return { ok: true, value };
}

/** What `sync.pair.join` accepts: trimmed, not empty, not longer than any invite can be. */
export function checkInvite(raw: string): Checked {
  const value = raw.trim();
  if (!value) return { ok: false, error: 'Paste the invite, or type the code, that your other device shows.' };
  if (value.length > PAIRING_CODE_MAX) {
    return {
      ok: false,
      error: `That is longer than any invite (${value.length} characters, at most ${PAIRING_CODE_MAX}). Copy the invite again on your other device.`,
    };
  }
  return { ok: true, value };
}

/**
 * A host failure in plain words. The host already words its sync errors for people; this strips
 * the request-validation prefix ("Invalid params for …: ") and says something useful when the
 * host is older than sync.
 */
export function plainError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : null;
  if (code === 'unknown_method') return 'This version of Kindred can’t sync yet. Update Kindred on this computer, then try again.';
  const raw =
    typeof err === 'string'
      ? err
      : typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string'
        ? (err as { message: string }).message
        : '';
  // The router ends its own sentence after the schema's ("…a name.." ): say it once.
  const message = raw
    .replace(/^Invalid params for "[^"]*"(?: at "[^"]*")?: /, '')
    .trim()
    .replace(/(?<!\.)\.\.$/, '.');
  if (!message) return 'Something went wrong. Please try again.';
  return withPeriod(message);
}

/** Ends a sentence once: "No network" → "No network.", "Done." stays. */
export function withPeriod(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}
