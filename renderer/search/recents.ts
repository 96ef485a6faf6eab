/** Pages and people opened lately, most recent first: what the quick switcher offers when empty. */
const KEY = 'kindred.recent';
const MAX = 30;

export function recentIds(): string[] {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function noteVisited(id: string): void {
  const next = [id, ...recentIds().filter((x) => x !== id)].slice(0, MAX);
  localStorage.setItem(KEY, JSON.stringify(next));
}
