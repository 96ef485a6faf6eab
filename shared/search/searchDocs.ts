/**
 * What a page is found by: its title and its searchable form. Shared by the host's search index
 * (electron/services/search) and the renderer's quick switcher, so both title pages alike.
 */
import type * as Y from 'yjs';
import { formatLongDate } from '../domain/dates';
import type { PageMeta, Person } from '../domain/types';
import { blocksToText } from '../pages/pageFacts';
import { readPageBlocks } from '../pages/pageBlocks';
import type { SwitcherItem } from './quickSwitcher';
import type { SearchDoc } from './types';

/** How a page is titled in search results and the quick switcher. */
export function pageTitle(meta: Pick<PageMeta, 'id' | 'kind' | 'date' | 'place' | 'mentions'>, people: ReadonlyMap<string, Pick<Person, 'name'>>): string {
  if (meta.kind === 'person') return people.get(meta.id)?.name ?? 'Someone';
  if (meta.kind === 'journal') return formatLongDate(meta.date);
  const who = Object.keys(meta.mentions)
    .map((id) => people.get(id)?.name)
    .filter((n): n is string => !!n);
  const withWhom = who.length > 0 ? ` with ${who.join(', ')}` : '';
  const where = meta.place ? ` — ${meta.place}` : '';
  return `Conversation${withWhom}${where}`;
}

/** The searchable form of a page: its doc's text (mentions as "@Name") plus registry fields. */
export function toSearchDoc(meta: PageMeta, doc: Y.Doc, people: ReadonlyMap<string, Pick<Person, 'name'>>): SearchDoc {
  const text = blocksToText(readPageBlocks(doc), (id) => people.get(id)?.name ?? 'someone');
  const mentioned = Object.keys(meta.mentions);
  return {
    id: meta.id,
    kind: meta.kind,
    title: pageTitle(meta, people),
    date: meta.date,
    text: meta.kind === 'conversation' && meta.place ? `${meta.place}\n${text}` : text,
    people: meta.kind === 'person' ? [meta.id, ...mentioned.filter((id) => id !== meta.id)] : mentioned,
  };
}

/** Quick-switcher entries: everyone, and every page worth jumping to (days with writing). */
export function switcherItems(pages: ReadonlyMap<string, PageMeta>, people: ReadonlyMap<string, Person>): SwitcherItem[] {
  const items: SwitcherItem[] = [];
  for (const meta of pages.values()) {
    if (meta.kind === 'journal' && meta.preview.length === 0) continue;
    if (meta.kind === 'person' && !people.has(meta.id)) continue;
    items.push({ id: meta.id, kind: meta.kind, title: pageTitle(meta, people), date: meta.date });
  }
  return items;
}
