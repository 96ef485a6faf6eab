import { describe, expect, it } from 'vitest';
import { createPairingSession } from './pairingSession';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('pairing session (injected clock)', () => {
  it('waiting → connecting → paired, then refuses every later attempt (one use)', () => {
    const c = clock();
    const s = createPairingSession({ now: c.now });
    const seen: string[] = [];
    s.onChange((state) => seen.push(state));
    expect(s.state()).toBe('waiting');
    expect(s.expiresAt).toBe(1_000_000 + 5 * 60 * 1000);
    expect(s.beginAttempt()).toEqual({ ok: true });
    expect(s.state()).toBe('connecting');
    expect(s.proofAccepted()).toBe(true);
    // A second device with the right code arrives while the first is finishing.
    expect(s.beginAttempt()).toMatchObject({ ok: false, state: 'used_up' });
    s.succeeded({ name: 'Laptop', fingerprint: 'ABCD-EFGH' });
    expect(s.state()).toBe('paired');
    expect(s.message()).toBe('Paired with Laptop (ABCD-EFGH).');
    expect(s.device()).toEqual({ name: 'Laptop', fingerprint: 'ABCD-EFGH' });
    expect(s.beginAttempt()).toMatchObject({ ok: false, state: 'used_up', message: 'This invite was already used. Make a new one.' });
    c.advance(10 * 60 * 1000);
    expect(s.state()).toBe('paired'); // final states never change
    expect(seen).toEqual(['connecting', 'paired']);
  });

  it('three wrong guesses use the invite up; a dropped attempt does not count', () => {
    const s = createPairingSession({ now: clock().now });
    for (let i = 0; i < 2; i++) {
      expect(s.beginAttempt().ok).toBe(true);
      s.guessFailed();
      expect(s.state()).toBe('waiting');
    }
    expect(s.beginAttempt().ok).toBe(true);
    s.attemptEnded();
    expect(s.state()).toBe('waiting');
    expect(s.failures).toBe(2);
    expect(s.beginAttempt().ok).toBe(true);
    s.guessFailed();
    expect(s.state()).toBe('used_up');
    expect(s.message()).toMatch(/Too many wrong tries/);
    expect(s.beginAttempt()).toMatchObject({ ok: false, state: 'used_up' });
    expect(s.proofAccepted()).toBe(false);
  });

  it('expires after the TTL unless a proven exchange is finishing', () => {
    const c = clock();
    const s = createPairingSession({ now: c.now, ttlMs: 1000 });
    c.advance(999);
    expect(s.state()).toBe('waiting');
    c.advance(1);
    expect(s.state()).toBe('expired');
    expect(s.beginAttempt()).toMatchObject({ ok: false, state: 'expired', message: 'This invite expired. Make a new one.' });

    const d = clock();
    const t = createPairingSession({ now: d.now, ttlMs: 1000 });
    t.beginAttempt();
    t.proofAccepted();
    d.advance(5000);
    expect(t.state()).toBe('connecting');
    t.succeeded({ name: 'Phone', fingerprint: 'WXYZ-0123' });
    expect(t.state()).toBe('paired');
  });

  it('cancel and fail are final', () => {
    const s = createPairingSession({ now: clock().now, maxFailures: 5 });
    s.cancel();
    expect(s.state()).toBe('cancelled');
    expect(s.beginAttempt().ok).toBe(false);
    s.fail('x');
    expect(s.state()).toBe('cancelled');
    const f = createPairingSession({ now: clock().now });
    f.beginAttempt();
    f.proofAccepted();
    f.fail('Pairing stopped: the connection closed.');
    expect(f.state()).toBe('failed');
    expect(f.message()).toBe('Pairing stopped: the connection closed.');
    f.cancel();
    expect(f.state()).toBe('failed');
  });
});
