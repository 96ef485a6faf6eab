/**
 * A macrotask boundary, so long work at start-up runs as several short main-thread tasks:
 * scheduler.yield where the browser has it (it resumes ahead of other queued tasks), otherwise
 * a message (unlike setTimeout, never clamped to 4 ms).
 */
export function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
