import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HostError } from '../../../shared/host/errors';
import { DEVICE_NAME_MAX, PAIRING_CODE_MAX } from '../../../shared/host/slices/sync';
import {
  checkDeviceName,
  checkInvite,
  clockText,
  countdownText,
  lastSyncedText,
  pairedText,
  plainError,
  relativeTimeText,
  removedNoticeText,
  removeQuestion,
  viaText,
  withPeriod,
} from './syncText';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('relativeTimeText', () => {
  it.each([
    [0, 'just now'],
    [44 * SEC, 'just now'],
    [45 * SEC, 'a minute ago'],
    [89 * SEC, 'a minute ago'],
    [90 * SEC, '2 minutes ago'],
    [12 * MIN, '12 minutes ago'],
    [44 * MIN, '44 minutes ago'],
    [45 * MIN, 'an hour ago'],
    [89 * MIN, 'an hour ago'],
    [90 * MIN, '2 hours ago'],
    [5 * HOUR, '5 hours ago'],
    [22 * HOUR, 'yesterday'],
    [35 * HOUR, 'yesterday'],
    [36 * HOUR, '2 days ago'],
    [3 * DAY, '3 days ago'],
    [6 * DAY, '6 days ago'],
  ])('%i ms ago reads "%s"', (ago, text) => {
    expect(relativeTimeText(NOW - ago, NOW)).toBe(text);
  });

  it('gives the date after a week', () => {
    expect(relativeTimeText(Date.UTC(2026, 2, 14, 12), NOW, 'en-GB')).toBe('on 14 March 2026');
  });

  it('reads a time a little in the future (clocks apart) as "just now"', () => {
    expect(relativeTimeText(NOW + 5 * MIN, NOW)).toBe('just now');
  });

  it('never goes back to a shorter unit as time passes', () => {
    const rank = (t: string): number =>
      t === 'just now'
        ? 0
        : t === 'a minute ago'
          ? 1
          : t.endsWith('minutes ago')
            ? 2 + Number(t.split(' ')[0]) / 100
            : t === 'an hour ago'
              ? 3
              : t.endsWith('hours ago')
                ? 3 + Number(t.split(' ')[0]) / 100
                : t === 'yesterday'
                  ? 4
                  : t.endsWith('days ago')
                    ? 4 + Number(t.split(' ')[0]) / 100
                    : 5;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * DAY }), fc.integer({ min: 0, max: 30 * DAY }), (a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(rank(relativeTimeText(NOW - late, NOW, 'en-GB'))).toBeGreaterThanOrEqual(rank(relativeTimeText(NOW - early, NOW, 'en-GB')));
      }),
    );
  });
});

describe('lastSyncedText', () => {
  it('is null before the first exchange', () => {
    expect(lastSyncedText(null, NOW)).toBeNull();
  });
  it('says when', () => {
    expect(lastSyncedText(NOW - 5 * MIN, NOW)).toBe('Last synced 5 minutes ago');
  });
});

describe('countdown', () => {
  it.each([
    [272_000, '4:32'],
    [300_000, '5:00'],
    [60_000, '1:00'],
    [59_001, '1:00'], // rounded up: never shows 0:59 while more than 59 s are left
    [59_000, '0:59'],
    [1, '0:01'],
    [0, '0:00'],
    [-5000, '0:00'],
  ])('%i ms left is %s', (ms, text) => {
    expect(clockText(ms)).toBe(text);
  });

  it('says "Expires in m:ss", then that it expired', () => {
    expect(countdownText(NOW + 272_000, NOW)).toBe('Expires in 4:32');
    expect(countdownText(NOW + 400, NOW)).toBe('Expires in 0:01');
    expect(countdownText(NOW, NOW)).toBe('This invite has expired');
    expect(countdownText(NOW - 1, NOW)).toBe('This invite has expired');
  });

  it('always has two-digit seconds below 60 and counts down monotonically', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 * MIN }), fc.integer({ min: 0, max: 10 * MIN }), (left, step) => {
        const text = clockText(left);
        expect(text).toMatch(/^\d+:[0-5]\d$/);
        const toSeconds = (t: string): number => {
          const [m = '0', s = '0'] = t.split(':');
          return Number(m) * 60 + Number(s);
        };
        expect(toSeconds(clockText(left - step))).toBeLessThanOrEqual(toSeconds(text));
        expect(toSeconds(text) * 1000).toBeGreaterThanOrEqual(left);
        expect(toSeconds(text) * 1000 - left).toBeLessThan(1000);
      }),
    );
  });
});

describe('words', () => {
  it('names the paired device and its fingerprint', () => {
    expect(pairedText({ name: 'Laptop', fingerprint: 'K7QM-2XPA' })).toBe('Paired with Laptop (K7QM-2XPA)');
    expect(pairedText({ name: 'Laptop', fingerprint: '' })).toBe('Paired with Laptop');
  });

  it('says who removed this device, when, and that the journal stays', () => {
    expect(removedNoticeText({ byName: 'Desktop', at: Date.UTC(2026, 10, 29, 10) }, 'en-GB')).toBe(
      'This device was removed from sync by Desktop on 29 November 2026. Your journal stays on this device.',
    );
    expect(removedNoticeText({ byName: '  ', at: Date.UTC(2026, 10, 29, 10) }, 'en-GB')).toContain('by another device on');
  });

  it('asks before removing, saying what removing means', () => {
    const q = removeQuestion('Laptop');
    expect(q.title).toBe('Remove Laptop?');
    expect(q.detail).toBe('It will stop syncing at once and can’t reconnect with its current keys. It keeps the journal it already has.');
    expect(removeQuestion(' ').title).toBe('Remove this device?');
  });

  it('says how a device is connected, without jargon', () => {
    expect(viaText('lan')).toBe('On this network');
    expect(viaText('internet')).toBe('Over the internet');
    expect(viaText(null)).toBeNull();
  });

  it('ends a sentence once', () => {
    expect(withPeriod('No network ')).toBe('No network.');
    expect(withPeriod('Done.')).toBe('Done.');
    expect(withPeriod('Waiting…')).toBe('Waiting…');
  });
});

describe('checks before a request', () => {
  it('device names: trimmed, not empty, not too long', () => {
    expect(checkDeviceName('  Kitchen laptop ')).toEqual({ ok: true, value: 'Kitchen laptop' });
    expect(checkDeviceName('   ')).toEqual({ ok: false, error: 'A device needs a name.' });
    expect(checkDeviceName('x'.repeat(DEVICE_NAME_MAX))).toEqual({ ok: true, value: 'x'.repeat(DEVICE_NAME_MAX) });
    const long = checkDeviceName('x'.repeat(DEVICE_NAME_MAX + 1));
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error).toBe(`A device name has at most ${DEVICE_NAME_MAX} characters (this one has ${DEVICE_NAME_MAX + 1}).`);
  });

  it('invites: trimmed, not empty, not longer than the host accepts', () => {
    expect(checkInvite('\n 4821-ember-tulip-quiet-otter \n')).toEqual({ ok: true, value: '4821-ember-tulip-quiet-otter' });
    const empty = checkInvite(' \n ');
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error).toMatch(/^Paste the invite/);
    expect(checkInvite('a'.repeat(PAIRING_CODE_MAX)).ok).toBe(true);
    expect(checkInvite('a'.repeat(PAIRING_CODE_MAX + 1)).ok).toBe(false);
  });
});

describe('plainError', () => {
  it('keeps the host’s own words, as a sentence', () => {
    expect(plainError(new HostError('refused', 'This invite has expired'))).toBe('This invite has expired.');
  });

  it('drops the request-validation prefix', () => {
    const err = new HostError('bad_request', 'Invalid params for "sync.device.rename" at "name": A device needs a name..');
    expect(plainError(err)).toBe('A device needs a name.');
    expect(plainError(new HostError('bad_request', 'Invalid params for "sync.pair.join": malformed.'))).toBe('malformed.');
    expect(plainError(new HostError('refused', 'Wait for it...'))).toBe('Wait for it...');
  });

  it('says what to do when the host is older than sync', () => {
    expect(plainError(new HostError('unknown_method', 'Unknown request "sync.status".'))).toMatch(/can’t sync yet/);
    // Also when the error crossed as a plain object.
    expect(plainError({ code: 'unknown_method', message: 'x' })).toMatch(/can’t sync yet/);
  });

  it('never shows an empty message', () => {
    expect(plainError(new Error(''))).toBe('Something went wrong. Please try again.');
    expect(plainError(undefined)).toBe('Something went wrong. Please try again.');
    expect(plainError('no network')).toBe('no network.');
    expect(plainError({ code: 'refused', message: 'That code is wrong' })).toBe('That code is wrong.');
  });
});
