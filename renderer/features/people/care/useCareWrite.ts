import { useCallback, useState } from 'react';

/**
 * Runs a write into the workspace and keeps what went wrong, so the field can say it (a care
 * write that throws — a cadence out of range, a person deleted on another device — is shown,
 * never swallowed).
 */
export function useCareWrite(): { error: string | null; run(write: () => void): boolean; setError(message: string | null): void } {
  const [error, setError] = useState<string | null>(null);
  const run = useCallback((write: () => void): boolean => {
    try {
      write();
      setError(null);
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    }
  }, []);
  return { error, run, setError };
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
