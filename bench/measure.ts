/** Timing and memory helpers shared by the bench parts. */

export type Result = Record<string, number | string | boolean>;


export const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
/** JS heap and ArrayBuffer memory in MiB (typed arrays live outside the JS heap). */
export const mem = (): { heap: number; buffers: number } => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed / 1048576, buffers: m.arrayBuffers / 1048576 };
};
export const memMiB = (): number => {
  const m = mem();
  return m.heap + m.buffers;
};
export const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export function stats(prefix: string, times: number[], out: Result): void {
  const s = times.slice().sort((a, b) => a - b);
  out[`${prefix}_p50_ms`] = round(percentile(s, 50), 3);
  out[`${prefix}_p95_ms`] = round(percentile(s, 95), 3);
  out[`${prefix}_max_ms`] = round(s[s.length - 1] ?? NaN, 3);
}
