/**
 * A vault checker for tests (not shipped), written independently of the exporter: it reads a
 * folder the way Obsidian does (see ../shared/research/data.md §1–2) and reports what would
 * break. Front matter is parsed by two YAML parsers (yaml 2 and js-yaml 4) that must agree and
 * must not turn text into Dates; wikilinks resolve like Obsidian: by basename anywhere in the
 * vault, after NFC and lower-casing (or by path when the link has a folder).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import jsYaml from 'js-yaml';
import { parse as parseYaml } from 'yaml';

export interface NoteReport {
  path: string;
  props: Record<string, unknown>;
  body: string;
  /** Wikilinks in the body (outside code), targets as written. */
  links: string[];
  /** Wikilinks inside front matter values. */
  propLinks: string[];
}

export interface VaultReport {
  notes: Map<string, NoteReport>;
  /** kindred_id → note. */
  byId: Map<string, NoteReport>;
  problems: string[];
  unresolved: string[];
  ambiguous: string[];
  /** A wikilink target → the note path it resolves to. */
  resolve(target: string): string | null;
}

const key = (s: string): string => s.normalize('NFC').toLowerCase();

export async function checkVault(dir: string): Promise<VaultReport> {
  const files: string[] = [];
  await walk(dir, '', files);
  const problems: string[] = [];
  const byBase = new Map<string, string[]>();
  const byPath = new Map<string, string[]>();
  for (const f of files) {
    const base = f.split('/').pop()!;
    problems.push(...fileNameProblems(base).map((p) => `${f}: ${p}`));
    if (!f.endsWith('.md')) continue;
    const stem = base.slice(0, -3);
    byBase.set(key(stem), [...(byBase.get(key(stem)) ?? []), f]);
    byPath.set(key(f.slice(0, -3)), [...(byPath.get(key(f.slice(0, -3))) ?? []), f]);
  }
  for (const [k, list] of byBase) if (list.length > 1) problems.push(`basename "${k}" is shared by ${list.join(', ')}`);

  const lookup = (target: string): string[] => {
    const t = key(target.replace(/\\$/, '').split('#')[0]!.trim().replace(/\.md$/i, ''));
    if (t.includes('/')) return [...byPath.entries()].filter(([p]) => p === t || p.endsWith(`/${t}`)).flatMap(([, l]) => l);
    return byBase.get(t) ?? [];
  };
  const notes = new Map<string, NoteReport>();
  const byId = new Map<string, NoteReport>();
  const unresolved: string[] = [];
  const ambiguous: string[] = [];
  for (const f of files.filter((x) => x.endsWith('.md'))) {
    const text = await readFile(join(dir, f), 'utf8');
    const { props, body, problems: fm } = parseFrontMatter(text);
    problems.push(...fm.map((p) => `${f}: ${p}`));
    const propLinks = Object.values(props).flatMap((v) => (Array.isArray(v) ? v : [v])).flatMap((v) => (typeof v === 'string' ? wikilinkTargets(v) : []));
    const note: NoteReport = { path: f, props, body, links: wikilinkTargets(stripCode(body)), propLinks };
    notes.set(f, note);
    if (typeof props.kindred_id === 'string') {
      if (byId.has(props.kindred_id)) problems.push(`kindred_id ${props.kindred_id} appears twice`);
      byId.set(props.kindred_id, note);
    }
    for (const target of [...note.links, ...note.propLinks]) {
      const hits = lookup(target);
      if (hits.length === 0) unresolved.push(`${f} → ${target}`);
      if (hits.length > 1) ambiguous.push(`${f} → ${target}`);
    }
  }
  return {
    notes,
    byId,
    problems,
    unresolved,
    ambiguous,
    resolve: (t) => {
      const hits = lookup(t);
      return hits.length === 1 ? hits[0]! : null;
    },
  };
}

async function walk(root: string, rel: string, out: string[]): Promise<void> {
  for (const e of await readdir(join(root, rel), { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) await walk(root, p, out);
    else out.push(p);
  }
}

/** What makes a file name unsafe on some OS or as an Obsidian link target. */
export function fileNameProblems(name: string): string[] {
  const out: string[] = [];
  if (Buffer.byteLength(name, 'utf8') > 255) out.push('longer than 255 bytes');
  if (/[<>:"/\\|?*#^[\]]/.test(name)) out.push('forbidden character');
  if (name.includes('%%')) out.push('%%');
  if (/[\u0000-\u001f\u007f]/.test(name)) out.push('control character');
  if (/[. ]$/.test(name) || /[. ]$/.test(name.replace(/\.md$/, ''))) out.push('trailing dot or space');
  if (/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i.test(name)) out.push('Windows device name');
  if (name !== name.normalize('NFC')) out.push('not NFC');
  return out;
}

/** Both parsers, compared; Dates and non-string names/aliases are problems. */
export function parseFrontMatter(text: string): { props: Record<string, unknown>; body: string; problems: string[] } {
  const problems: string[] = [];
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!m) return { props: {}, body: text, problems: [] }; // a user's own note may have none
  let a: unknown;
  let b: unknown;
  try {
    a = parseYaml(m[1]!);
  } catch (err) {
    problems.push(`yaml: ${(err as Error).message}`);
  }
  try {
    b = jsYaml.load(m[1]!);
  } catch (err) {
    problems.push(`js-yaml: ${(err as Error).message}`);
  }
  if (!isDeepStrictEqual(a, b)) problems.push(`yaml and js-yaml disagree: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  const props = (typeof a === 'object' && a !== null ? a : {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(props)) {
    for (const item of Array.isArray(v) ? v : [v]) {
      if (item instanceof Date || (typeof item === 'object' && item !== null)) problems.push(`${k} is not text: ${String(item)}`);
    }
  }
  if (props.aliases !== undefined && (!Array.isArray(props.aliases) || props.aliases.some((x) => typeof x !== 'string'))) problems.push('aliases is not a list of text');
  return { props, body: text.slice(m[0].length), problems };
}

/** Code spans and fenced blocks hold no links in Obsidian. */
export function stripCode(md: string): string {
  return md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1\s*$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
}

/** `[[target|display]]` and `[[target#heading]]` → target (escaped brackets are not links). */
export function wikilinkTargets(md: string): string[] {
  const out: string[] = [];
  for (const m of md.matchAll(/(?<!\\)\[\[([^\]\n]+?)\]\]/g)) out.push(m[1]!.split('|')[0]!);
  return out;
}
