/** Small pieces of wording shared by the person page and Reach out. */

/** "today", "tomorrow", "in 4 days" (a day already past reads as "today"). */
export function inDaysText(days: number): string {
  if (days <= 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `in ${days} days`;
}

/** "Sam", "Sam and Maria", "Sam, Maria and Ana" (names or any words). */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
