/**
 * The life of one shown invite, as an explicit state machine (the states of PairingState):
 *
 *   waiting ──attempt──▶ connecting ──proof ok──▶ (claimed) ──added──▶ paired
 *      ▲                    │ wrong proof (< max) / attempt dropped
 *      └────────────────────┘
 *   any non-final state: ttl passed → expired; max wrong proofs → used_up; cancel → cancelled;
 *   a claimed exchange that breaks → failed. Final states never change again.
 *
 * One use: once a device has proved the code, every later attempt is refused, even before the
 * first one finishes. The clock is injected so tests need no waiting.
 */
import type { PairingState } from '../../../../shared/host/slices/sync';

export const PAIRING_TTL_MS = 5 * 60 * 1000;
export const PAIRING_MAX_FAILURES = 3;

const FINAL: ReadonlySet<PairingState> = new Set(['paired', 'expired', 'used_up', 'cancelled', 'failed']);

export type AttemptRefusal = { ok: false; state: PairingState; message: string };

export interface PairingSession {
  readonly expiresAt: number;
  readonly failures: number;
  state(): PairingState;
  message(): string;
  device(): { name: string; fingerprint: string } | null;
  /** A candidate connected; false (with why) when the invite can't be used any more. */
  beginAttempt(): { ok: true } | AttemptRefusal;
  /** The candidate proved the code: it alone may finish. False if the invite is no longer usable. */
  proofAccepted(): boolean;
  /** The candidate's proof was wrong (counts toward the limit). */
  guessFailed(): void;
  /** The candidate went away before proving anything (does not count). */
  attemptEnded(): void;
  succeeded(device: { name: string; fingerprint: string }): void;
  fail(message: string): void;
  cancel(): void;
  onChange(listener: (state: PairingState) => void): () => void;
}

export function createPairingSession(options: { now?: () => number; ttlMs?: number; maxFailures?: number } = {}): PairingSession {
  const now = options.now ?? Date.now;
  const maxFailures = options.maxFailures ?? PAIRING_MAX_FAILURES;
  const expiresAt = now() + (options.ttlMs ?? PAIRING_TTL_MS);
  let state: PairingState = 'waiting';
  let failures = 0;
  let inFlight = 0;
  let claimed = false;
  let failMessage = '';
  let paired: { name: string; fingerprint: string } | null = null;
  const listeners = new Set<(state: PairingState) => void>();

  function set(next: PairingState): void {
    if (state === next) return;
    state = next;
    for (const listener of listeners) listener(next);
  }

  /** Final states are sticky; otherwise time may have run out since we last looked. */
  function current(): PairingState {
    if (!FINAL.has(state) && !claimed && now() >= expiresAt) set('expired');
    return state;
  }

  function message(): string {
    switch (current()) {
      case 'waiting':
        return 'Waiting for the other device to use the invite.';
      case 'connecting':
        return 'The other device is checking the code…';
      case 'paired':
        return paired ? `Paired with ${paired.name} (${paired.fingerprint}).` : 'Paired.';
      case 'expired':
        return 'This invite expired. Make a new one.';
      case 'used_up':
        return failures >= maxFailures ? 'Too many wrong tries: this invite was used up. Make a new one.' : 'This invite was already used. Make a new one.';
      case 'cancelled':
        return 'Pairing was cancelled.';
      case 'failed':
        return failMessage || 'Pairing failed.';
    }
  }

  function settle(): void {
    if (!FINAL.has(state) && !claimed) set(inFlight > 0 ? 'connecting' : 'waiting');
  }

  return {
    expiresAt,
    get failures() {
      return failures;
    },
    state: current,
    message,
    device: () => paired,
    beginAttempt() {
      const at = current();
      if (FINAL.has(at) || claimed) return { ok: false, state: claimed ? 'used_up' : at, message: claimed ? 'This invite was already used. Make a new one.' : message() };
      inFlight++;
      set('connecting');
      return { ok: true };
    },
    proofAccepted() {
      const at = current();
      inFlight = Math.max(0, inFlight - 1);
      if (FINAL.has(at) || claimed) return false;
      claimed = true;
      set('connecting');
      return true;
    },
    guessFailed() {
      inFlight = Math.max(0, inFlight - 1);
      if (FINAL.has(current())) return;
      failures++;
      if (failures >= maxFailures) set('used_up');
      else settle();
    },
    attemptEnded() {
      inFlight = Math.max(0, inFlight - 1);
      settle();
    },
    succeeded(device) {
      if (FINAL.has(state)) return;
      paired = { ...device };
      set('paired');
    },
    fail(text) {
      if (FINAL.has(state)) return;
      failMessage = text;
      set('failed');
    },
    cancel() {
      if (!FINAL.has(current())) set('cancelled');
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
