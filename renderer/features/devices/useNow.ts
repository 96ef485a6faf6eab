import { useEffect, useState } from 'react';
import { useServices } from '../../state/AppServices';

/**
 * The app's "now" (the host's clock, in ms), refreshed every `everyMs`; `null` stops the ticking
 * (nothing on screen counts down).
 */
export function useNow(everyMs: number | null): number {
  const { now } = useServices();
  const [at, setAt] = useState(() => now().getTime());
  useEffect(() => {
    setAt(now().getTime());
    if (everyMs === null) return;
    const timer = setInterval(() => setAt(now().getTime()), everyMs);
    return () => clearInterval(timer);
  }, [now, everyMs]);
  return at;
}
