import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCloseGuard } from './closeGuard';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(requestFlush: () => void = () => undefined) {
  const calls = { flush: 0, close: 0 };
  const guard = createCloseGuard({
    requestFlush: () => {
      calls.flush++;
      requestFlush();
    },
    close: () => {
      calls.close++;
      // A real close emits 'close' again; the guard must let it through.
      expect(guard.shouldPreventClose()).toBe(false);
    },
  });
  return { guard, calls };
}

describe('createCloseGuard', () => {
  it('holds the first close, asks for a flush, and closes when the renderer is ready', () => {
    const { guard, calls } = setup();
    expect(guard.shouldPreventClose()).toBe(true);
    expect(calls).toEqual({ flush: 1, close: 0 });
    guard.ready();
    expect(calls.close).toBe(1);
    expect(guard.state).toBe('closing');
  });

  it('closes after 2 s when the renderer never answers', () => {
    const { guard, calls } = setup();
    guard.shouldPreventClose();
    vi.advanceTimersByTime(1999);
    expect(calls.close).toBe(0);
    vi.advanceTimersByTime(1);
    expect(calls.close).toBe(1);
  });

  it('keeps waiting without re-asking on repeated close attempts', () => {
    const { guard, calls } = setup();
    expect(guard.shouldPreventClose()).toBe(true);
    expect(guard.shouldPreventClose()).toBe(true);
    expect(calls.flush).toBe(1);
  });

  it('closes once even if ready arrives after the timeout', () => {
    const { guard, calls } = setup();
    guard.shouldPreventClose();
    vi.advanceTimersByTime(2000);
    guard.ready();
    expect(calls.close).toBe(1);
  });

  it('ignores readyToClose when no close is pending', () => {
    const { guard, calls } = setup();
    guard.ready();
    expect(calls.close).toBe(0);
    expect(guard.state).toBe('open');
  });

  it('does not wait for a renderer that cannot be asked', () => {
    const { guard } = setup(() => {
      throw new Error('renderer gone');
    });
    expect(guard.shouldPreventClose()).toBe(false);
    expect(guard.state).toBe('closing');
  });

  it('dispose stops the timer without closing', () => {
    const { guard, calls } = setup();
    guard.shouldPreventClose();
    guard.dispose();
    vi.advanceTimersByTime(5000);
    expect(calls.close).toBe(0);
  });
});
