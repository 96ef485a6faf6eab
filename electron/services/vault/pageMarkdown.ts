import * as Y from 'yjs';
import { MENTION_PERSON_ATTR, MENTION_TYPE, ROOT_NAME } from '../../../shared/pages/pageBlocks';

/**
 * A page doc (the @lexical/yjs layout, see shared/pages/pageBlocks.ts) as Obsidian Markdown,
 * read without an editor. pageBlocks keeps only text; a vault needs the formatting too, so this
 * walks the same layout and also reads text formats, links, heading levels, list types and
 * nesting, checklist state and code blocks.
 *
 * Every mention of a known person becomes the wikilink `linkFor` gives; `mentions` counts them
 * (the vault checker compares it with the links it finds). User text is escaped so nothing in it
 * turns into Markdown, a wikilink, a tag, an Obsidian comment (`%%`) or math (`$`).
 */
export interface MarkdownOptions {
  /** The wikilink for a person, or null when the person is unknown (written as plain text). */
  linkFor(personId: string): string | null;
  /** The plain name for a person (mentions inside a link's text, where a wikilink can't go). */
  nameFor(personId: string): string;
}

export interface PageMarkdown {
  markdown: string;
  /** Wikilinks written for mentions. */
  mentions: number;
  /** The first words of the page as plain text (for a conversation note's title). */
  firstLine: string;
}

// Lexical's TextNode format bits.
const BOLD = 1;
const ITALIC = 2;
const STRIKE = 4;
const UNDERLINE = 8;
const CODE = 16;
const SUB = 32;
const SUP = 64;
const HIGHLIGHT = 128;

type Op = { insert: unknown };

/**
 * The element's content as toDelta() would list it (runs of text merged, embedded types and
 * maps as they are), read straight off Yjs's item list: toDelta also works out text attributes,
 * which @lexical/yjs never uses, and was a third of the export's Markdown time.
 */
function ops(el: Y.XmlText): Op[] {
  const out: Op[] = [];
  let text = '';
  for (let item = el._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    const c = item.content;
    if (c instanceof Y.ContentString) {
      text += c.str;
      continue;
    }
    let insert: unknown;
    if (c instanceof Y.ContentType) insert = c.type;
    else if (c instanceof Y.ContentEmbed) insert = c.embed;
    else continue; // formatting marks and deleted content
    if (text) out.push({ insert: text });
    text = '';
    out.push({ insert });
  }
  if (text) out.push({ insert: text });
  return out;
}

export function pageToMarkdown(doc: Y.Doc, opts: MarkdownOptions): PageMarkdown {
  const state = { mentions: 0, firstLine: '' };
  const blocks: string[] = [];
  const root = doc.get(ROOT_NAME, Y.XmlText);
  for (const op of ops(root)) {
    if (!(op.insert instanceof Y.XmlText)) continue;
    const md = block(op.insert, opts, state, 0);
    if (md !== null) blocks.push(md);
  }
  const markdown = blocks.length ? `${blocks.join('\n\n')}\n` : '';
  return { markdown, mentions: state.mentions, firstLine: state.firstLine };
}

type State = { mentions: number; firstLine: string };

function attr(el: Y.XmlText, key: string): unknown {
  return el.getAttribute(key) as unknown;
}

function block(el: Y.XmlText, opts: MarkdownOptions, state: State, depth: number): string | null {
  const type = String(attr(el, '__type') ?? '');
  if (type === 'list') return list(el, opts, state, depth);
  if (type === 'code') return codeBlock(el);
  const text = inline(el, opts, state, false);
  if (!state.firstLine && text.plain.trim()) state.firstLine = text.plain.trim();
  if (type === 'heading') {
    const level = /^h([1-6])$/.exec(String(attr(el, '__tag') ?? ''))?.[1] ?? '1';
    return `${'#'.repeat(Number(level))} ${text.md.replace(/\n/g, ' ')}`;
  }
  if (type === 'quote') return text.md.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n');
  // A paragraph (or an unknown block type: its text is kept). An empty one is dropped: blank
  // lines between blocks already separate them.
  if (!text.md.trim()) return null;
  return text.md;
}

function list(el: Y.XmlText, opts: MarkdownOptions, state: State, depth: number): string | null {
  const listType = String(attr(el, '__listType') ?? 'bullet');
  const start = Number(attr(el, '__start') ?? 1) || 1;
  const indent = '    '.repeat(depth);
  const lines: string[] = [];
  let n = start;
  for (const op of ops(el)) {
    if (!(op.insert instanceof Y.XmlText)) continue;
    const item = op.insert;
    // A nested list lives in a list item of its own (Lexical's layout).
    const nested = ops(item).filter((o) => o.insert instanceof Y.XmlText && attr(o.insert, '__type') === 'list');
    if (nested.length) {
      for (const o of nested) {
        const md = list(o.insert as Y.XmlText, opts, state, depth + 1);
        if (md) lines.push(md);
      }
      continue;
    }
    const text = inline(item, opts, state, false);
    if (!state.firstLine && text.plain.trim()) state.firstLine = text.plain.trim();
    const marker = listType === 'number' ? `${n++}.` : listType === 'check' ? (attr(item, '__checked') === true ? '- [x]' : '- [ ]') : '-';
    const body = text.md.replace(/\n/g, `\n${indent}${' '.repeat(marker.length + 1)}`);
    lines.push(`${indent}${marker} ${body}`.trimEnd());
  }
  return lines.length ? lines.join('\n') : null;
}

function codeBlock(el: Y.XmlText): string {
  let text = '';
  for (const op of ops(el)) {
    if (typeof op.insert === 'string') text += op.insert;
    else if (op.insert instanceof Y.Map && op.insert.get('__type') === 'linebreak') text += '\n';
    else if (op.insert instanceof Y.XmlText) text += plainText(op.insert);
  }
  const language = String(attr(el, '__language') ?? '').replace(/[^\w+#.-]/g, '');
  // The fence is longer than any run of backticks inside, so the content can't close it.
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

function plainText(el: Y.XmlText): string {
  let out = '';
  for (const op of ops(el)) {
    if (typeof op.insert === 'string') out += op.insert;
    else if (op.insert instanceof Y.XmlText) out += plainText(op.insert);
  }
  return out;
}

/** A block's inline content: text runs with their format, links, mentions, line breaks. */
function inline(el: Y.XmlText, opts: MarkdownOptions, state: State, inLink: boolean): { md: string; plain: string } {
  let md = '';
  let plain = '';
  let format = 0;
  for (const op of ops(el)) {
    const ins = op.insert;
    if (ins instanceof Y.Map) {
      if (ins.get('__type') === 'linebreak') {
        md += '\n';
        plain += ' ';
      } else format = typeof ins.get('__format') === 'number' ? (ins.get('__format') as number) : 0;
    } else if (typeof ins === 'string') {
      md += formatted(ins, format);
      plain += ins;
      format = 0;
    } else if (ins instanceof Y.XmlElement) {
      if (ins.getAttribute('__type') !== MENTION_TYPE) continue;
      const id = ins.getAttribute(MENTION_PERSON_ATTR) as unknown;
      if (typeof id !== 'string' || !id) continue;
      const name = opts.nameFor(id);
      plain += name;
      const link = inLink ? null : opts.linkFor(id);
      if (link) {
        md += link;
        state.mentions++;
      } else md += escapeText(inLink ? name : `@${name}`);
    } else if (ins instanceof Y.XmlText) {
      const type = String(attr(ins, '__type') ?? '');
      const inner = inline(ins, opts, state, inLink || type === 'link' || type === 'autolink');
      plain += inner.plain;
      const url = attr(ins, '__url');
      if ((type === 'link' || type === 'autolink') && typeof url === 'string' && url && !inLink) {
        md += `[${inner.md}](${linkUrl(url)})`;
      } else md += inner.md;
    }
  }
  return { md, plain };
}

/** Spaces and parentheses would end a Markdown link's URL early. */
function linkUrl(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function formatted(text: string, format: number): string {
  if (!text) return '';
  if (format & CODE) return codeSpan(text);
  // Markers must hug non-space text ("** bold**" is not bold): spaces stay outside them.
  const lead = /^\s*/.exec(text)![0];
  const trail = /\s*$/.exec(text.slice(lead.length))![0];
  const core = text.slice(lead.length, text.length - trail.length);
  if (!core) return text;
  let md = escapeText(core);
  if (format & HIGHLIGHT) md = `==${md}==`;
  if (format & STRIKE) md = `~~${md}~~`;
  if (format & ITALIC) md = `*${md}*`;
  if (format & BOLD) md = `**${md}**`;
  if (format & UNDERLINE) md = `<u>${md}</u>`;
  if (format & SUB) md = `<sub>${md}</sub>`;
  if (format & SUP) md = `<sup>${md}</sup>`;
  return lead + md + trail;
}

function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/**
 * Backslash-escapes what Markdown or Obsidian would read as syntax: emphasis and code markers,
 * brackets (links, wikilinks, checkboxes), `#` (tags, headings), `%` (comments), `$` (math),
 * `<` (HTML), and block markers at the start of a line ("- ", "1. ", "> ").
 */
export function escapeText(text: string): string {
  const escaped = text.replace(/[\\`*_~=[\]#%$<>|^]/g, '\\$&');
  return escaped.replace(/(^|\n)(\s*)([-+]|\d+(?=[.)]))(?=\s|[.)]|$)/g, (_m, nl: string, sp: string, mark: string) => `${nl}${sp}${mark.replace(/^(\d+)$/, '$1\\').replace(/^([-+])$/, '\\$1')}`);
}
