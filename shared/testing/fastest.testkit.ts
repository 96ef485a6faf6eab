/**
 * The fastest of `runs` timings (ms), for tests that bound how long a pass over hostile input
 * takes: another process taking the CPU only ever adds time, so the minimum measures the code;
 * a quadratic pass is slow on every run.
 */
export function fastest(fn: () => unknown, runs = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}
