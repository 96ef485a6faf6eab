import type { CheckInCadence, ImportantDate } from '../../../shared/care/types';

/**
 * YAML front matter (Obsidian "properties") written so every YAML parser reads the same values:
 * every string is double-quoted (a name like `Sam: the builder`, `Ana #1` or `@sam`, a phone
 * `0123`, a `[[link]]` would otherwise be an error, a comment, a number or a nested list), and
 * dates are quoted too — `1990-03-14` unquoted is a JS Date in js-yaml 4 and gray-matter but a
 * string in yaml 2. A year-less date is written as the vCard 4 text "--03-14": Obsidian has no
 * year-less Date type, and an invented year (1604, 1900) shows up as a wrong age elsewhere.
 *
 * Values are a string, a number, a boolean or a list of strings; empty ones are left out.
 */
export type PropertyValue = string | number | boolean | readonly string[];

export function frontMatter(props: ReadonlyArray<readonly [string, PropertyValue | null | undefined]>): string {
  const lines: string[] = ['---'];
  for (const [key, value] of props) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      lines.push(`${key}:`);
      for (const item of value as readonly string[]) lines.push(`  - ${yamlString(item)}`);
    } else if (typeof value === 'string') lines.push(`${key}: ${yamlString(value)}`);
    else lines.push(`${key}: ${String(value)}`);
  }
  lines.push('---');
  return `${lines.join('\n')}\n`;
}

/**
 * A YAML double-quoted scalar. JSON's escapes are YAML's, but JSON leaves some characters raw
 * that YAML treats as line breaks or forbids (NEL, LS, PS, C1 controls, BOM, lone surrogates):
 * those are written as \u escapes.
 */
export function yamlString(s: string): string {
  // A lone surrogate has no UTF-8 form: it becomes U+FFFD (JSON would write a \uD8xx escape).
  const wellFormed = s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return JSON.stringify(wellFormed).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** "1990-03-14", or "--03-14" when the year is unknown (never an invented year). */
export function isoDate(d: Pick<ImportantDate, 'year' | 'month' | 'day'>): string {
  const mm = String(d.month).padStart(2, '0');
  const dd = String(d.day).padStart(2, '0');
  return d.year === null ? `--${mm}-${dd}` : `${String(d.year).padStart(4, '0')}-${mm}-${dd}`;
}

/** "every 2 weeks" / "every month". */
export function cadenceText(c: CheckInCadence): string {
  const unit = c.every === 1 ? c.unit.replace(/s$/, '') : c.unit;
  return c.every === 1 ? `every ${unit}` : `every ${c.every} ${unit}`;
}

/** The date whose label says birthday (the first by date when there are several). */
export function birthdayOf(dates: readonly ImportantDate[]): ImportantDate | null {
  return dates.find((d) => /\bbirthday\b|^birth|^born/i.test(d.label.trim())) ?? null;
}

/** "birthday: 1990-03-14", "wedding anniversary: --06-02" (a list of text: Obsidian has no nested properties). */
export function datesList(dates: readonly ImportantDate[]): string[] {
  return dates.map((d) => `${d.label.trim() || 'date'}: ${isoDate(d)}`);
}
