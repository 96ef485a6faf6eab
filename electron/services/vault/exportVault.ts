import { formerNamesByPerson } from '../../../shared/domain/mergePeople';
import { mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import { readCareProfile } from '../../../shared/care/careStore';
import type { CareProfile } from '../../../shared/care/types';
import { pagesMap, peopleMap, readPageRecord, readPerson, WORKSPACE_DOC_ID, type PageRecord } from '../../../shared/domain/workspace';
import { isLive, resolveMerged } from '../../../shared/domain/trashState';
import { readPersonPhoto, type PersonPhoto } from '../../../shared/pages/personPhoto';
import type { JournalStore } from '../store/types';
import { birthdayOf, cadenceText, datesList, frontMatter, isoDate, type PropertyValue } from './frontMatter';
import { NameRegistry, safeFileName, wikilink } from './fileNames';
import { pageToMarkdown, type MarkdownOptions } from './pageMarkdown';
import { commitExport, makeTempDir, prepareFolder, type ExportManifest } from './vaultFolder';

/**
 * Exports the journal as a Markdown vault Obsidian opens as it is: People/<name>.md, Journal/YYYY-MM-DD.md (Obsidian's daily
 * notes, `.obsidian/daily-notes.json` says so), Notes/<date> <title>.md.
 *
 * Streams: the workspace doc is read once; page docs are read one at a time, turned into
 * Markdown and dropped (a 10k-page journal never sits in memory). Everything is written into a
 * temp folder inside outDir and moved into place at the end, so a cancel or a failure leaves the
 * folder as it was. Deterministic: same journal, same bytes (sorted order, no export time).
 */
export const JOURNAL_FOLDER = 'Journal';
export const PEOPLE_FOLDER = 'People';
export const NOTES_FOLDER = 'Notes';
export const DAILY_NOTES_SETTINGS = '.obsidian/daily-notes.json';
/** A person's photo (from their page doc) beside their notes, embedded at the top of the note. */
export const PHOTOS_FOLDER = `${PEOPLE_FOLDER}/photos`;
const DAILY_FORMAT = 'YYYY-MM-DD';
/** Room left in 255 bytes for " (12345)" and ".md". */
const PERSON_NAME_BYTES = 200;
const NOTE_NAME_BYTES = 200;
const TITLE_WORDS = 8;
const MAX_PENDING_WRITES = 32;

export interface ExportProgress {
  done: number;
  total: number;
}

export interface ExportVaultOptions {
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** Accepted for symmetry with other long operations; the export writes no clock time. */
  now?: () => number;
}

export interface ExportVaultResult {
  people: number;
  journalDays: number;
  notes: number;
  /** Wikilinks written for @mentions. */
  links: number;
  /** Files Kindred owns in the folder (manifest entries). */
  files: number;
}

interface PersonEntry {
  profile: CareProfile;
  basename: string;
}

export async function exportVault(store: JournalStore, outDir: string, opts: ExportVaultOptions = {}): Promise<ExportVaultResult> {
  const { signal, onProgress } = opts;
  signal?.throwIfAborted();
  const folder = await prepareFolder(outDir);
  const ws = new Y.Doc();
  const wsUpdate = await store.getUpdate(WORKSPACE_DOC_ID);
  if (wsUpdate) Y.applyUpdate(ws, wsUpdate);

  const names = new NameRegistry();
  for (const n of folder.foreignNotes) names.reserve(n);
  const pages: PageRecord[] = [];
  pagesMap(ws).forEach((rec, id) => {
    const r = readPageRecord(id, rec);
    // Pages in Trash (or purged) are not exported.
    if (r && r.kind !== 'person' && isLive(rec)) pages.push(r);
  });
  pages.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || cmp(a.date, b.date) || cmp(a.id, b.id));
  // Journal days are named by the daily-notes format, so they are reserved before anyone else.
  const journalName = new Map<string, string>();
  for (const p of pages) if (p.kind === 'journal') journalName.set(p.id, names.take(p.date));

  // People: the longest-known keeps the plain name when two share one ("Sam", then "sam" → "sam (2)").
  const people: PersonEntry[] = [];
  // People in Trash, purged or merged get no note: their mentions are their name as plain text
  // (merged: a link to the person they were merged into).
  const goneNames = new Map<string, string>();
  peopleMap(ws).forEach((rec, id) => {
    if (!(rec instanceof Y.Map)) return;
    if (isLive(rec)) people.push({ profile: readCareProfile(id, rec), basename: '' });
    else goneNames.set(id, readPerson(id, rec).name);
  });
  const formerNames = formerNamesByPerson(ws);
  const liveId = (id: string): string => (goneNames.has(id) ? resolveMerged(peopleMap(ws), id) : id);
  people.sort((a, b) => a.profile.createdAt - b.profile.createdAt || cmp(a.profile.personId, b.profile.personId));
  const byId = new Map<string, PersonEntry>();
  for (const p of people) {
    p.basename = names.take(safeFileName(p.profile.name, PERSON_NAME_BYTES));
    byId.set(p.profile.personId, p);
  }
  const link: MarkdownOptions = {
    linkFor: (id) => {
      const p = byId.get(liveId(id));
      return p ? wikilink(p.basename, p.profile.name || p.basename) : null;
    },
    nameFor: (id) => byId.get(liveId(id))?.profile.name || goneNames.get(id) || 'unknown person',
  };

  const temp = await makeTempDir(outDir);
  let committed = false;
  try {
    for (const dir of [PEOPLE_FOLDER, PHOTOS_FOLDER, JOURNAL_FOLDER, NOTES_FOLDER, '.obsidian']) await mkdir(join(temp, dir), { recursive: true });
    const written: string[] = [];
    const owned: string[] = [];
    const pending = new Set<Promise<void>>();
    const emit = async (path: string, text: string | Uint8Array, own = true): Promise<void> => {
      written.push(path);
      if (own) owned.push(path);
      const w = writeFile(join(temp, path), text).finally(() => pending.delete(w));
      pending.add(w);
      if (pending.size >= MAX_PENDING_WRITES) await Promise.race(pending);
    };
    const total = people.length + pages.length;
    let done = 0;
    let links = 0;
    const step = (): void => {
      done++;
      if (onProgress && (done % 100 === 0 || done === total)) onProgress({ done, total });
    };

    const nextNames: Record<string, string[]> = {};
    const personPages = prefetched(store, people.map((p) => p.profile.personId));
    for (const p of people) {
      signal?.throwIfAborted();
      const body = readPage(p.profile.personId, await personPages.next(), link);
      links += body.mentions;
      const current = p.profile.name.normalize('NFC');
      const seen = (folder.manifest?.names[p.profile.personId] ?? []).filter((n) => n !== current);
      nextNames[p.profile.personId] = current ? [...seen, current] : seen;
      // Names it was exported under before (the manifest) and names from merges (mergePeople.ts).
      const former = formerNames.get(p.profile.personId) ?? [];
      const aliases = [...new Set([...(current && current !== p.basename ? [current] : []), ...seen.slice().reverse(), ...former])].filter(
        (n) => n !== p.basename,
      );
      let embed = '';
      if (body.photo) {
        const file = `${p.basename}.${body.photo.mime === 'image/png' ? 'png' : 'jpg'}`;
        await emit(`${PHOTOS_FOLDER}/${file}`, body.photo.bytes);
        embed = `![[photos/${file}]]\n\n`;
      }
      await emit(`${PEOPLE_FOLDER}/${p.basename}.md`, personFrontMatter(p, aliases, byId) + embed + body.markdown);
      step();
    }
    let journalDays = 0;
    let notes = 0;
    const pageUpdates = prefetched(store, pages.map((p) => p.id));
    for (const page of pages) {
      signal?.throwIfAborted();
      const body = readPage(page.id, await pageUpdates.next(), link);
      links += body.mentions;
      if (page.kind === 'journal') {
        journalDays++;
        const props: [string, PropertyValue][] = [
          ['kindred_id', page.id],
          ['kind', 'journal'],
          ['date', page.date],
        ];
        await emit(`${JOURNAL_FOLDER}/${journalName.get(page.id)!}.md`, frontMatter(props) + body.markdown);
      } else {
        notes++;
        const title = page.place.trim() || firstWords(body.firstLine) || 'Conversation';
        const basename = names.take(safeFileName(`${page.date} ${title}`, NOTE_NAME_BYTES));
        await emit(`${NOTES_FOLDER}/${basename}.md`, noteFrontMatter(page, byId) + body.markdown);
      }
      step();
    }
    const settings = await dailyNotesSettings(outDir, folder.manifest);
    await emit(DAILY_NOTES_SETTINGS, settings.text, settings.own);
    await Promise.all(pending);
    signal?.throwIfAborted();

    const manifest: ExportManifest = { format: 1, files: owned.sort(), names: nextNames };
    await commitExport(outDir, temp, written, folder.manifest, manifest);
    committed = true;
    return { people: people.length, journalDays, notes, links, files: owned.length };
  } finally {
    if (!committed) {
      await rm(temp, { recursive: true, force: true });
      // A folder this export created goes too (only if empty: nothing else is ever removed).
      if (folder.created) await rmdir(outDir).catch(() => undefined);
    }
    ws.destroy();
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The stored updates of `ids`, in order, read a few ahead so the store's I/O overlaps the
 * Markdown work. Only bytes are read ahead: a page's doc is opened when its turn comes.
 */
function prefetched(store: JournalStore, ids: readonly string[], ahead = 8): { next(): Promise<Uint8Array | null> } {
  const queue: Promise<Uint8Array | null>[] = [];
  let at = 0;
  const fill = (): void => {
    while (queue.length < ahead && at < ids.length) {
      const p = store.getUpdate(ids[at++]!);
      p.catch(() => undefined); // surfaced when its turn comes, not as an unhandled rejection
      queue.push(p);
    }
  };
  return {
    next: () => {
      fill();
      const p = queue.shift() ?? Promise.resolve(null);
      fill();
      return p;
    },
  };
}

/** One page doc, opened, read and dropped (a person's page may hold their photo). */
function readPage(id: string, update: Uint8Array | null, link: MarkdownOptions): ReturnType<typeof pageToMarkdown> & { photo: PersonPhoto | null } {
  if (!update) return { markdown: '', mentions: 0, firstLine: '', photo: null };
  const doc = new Y.Doc({ guid: id });
  try {
    Y.applyUpdate(doc, update);
    return { ...pageToMarkdown(doc, link), photo: readPersonPhoto(doc) };
  } finally {
    doc.destroy();
  }
}

function firstWords(line: string): string {
  return line.split(/\s+/).filter(Boolean).slice(0, TITLE_WORDS).join(' ');
}

function personFrontMatter(p: PersonEntry, aliases: string[], byId: ReadonlyMap<string, PersonEntry>): string {
  const c = p.profile;
  const birthday = birthdayOf(c.dates);
  const introducer = c.introducedBy ? byId.get(c.introducedBy) : undefined;
  return frontMatter([
    ['kindred_id', c.personId],
    ['kind', 'person'],
    ['name', c.name],
    ['aliases', aliases],
    ['birthday', birthday ? isoDate(birthday) : null],
    ['dates', datesList(c.dates)],
    ['check_in', c.checkIn ? cadenceText(c.checkIn) : null],
    ['interests', c.interests],
    ['how_we_met', c.howWeMet.trim() ? c.howWeMet : null],
    ['introduced_by', introducer ? wikilink(introducer.basename, introducer.profile.name || introducer.basename) : null],
  ]);
}

function noteFrontMatter(page: PageRecord, byId: ReadonlyMap<string, PersonEntry>): string {
  const intro = page.introduction;
  const linkOf = (id: string): string | null => {
    const p = byId.get(id);
    return p ? wikilink(p.basename, p.profile.name || p.basename) : null;
  };
  const introduced = intro ? [intro.a, intro.b].map(linkOf).filter((l): l is string => l !== null) : [];
  return frontMatter([
    ['kindred_id', page.id],
    ['kind', 'conversation'],
    ['date', page.date],
    ['place', page.place.trim() ? page.place : null],
    ['introduced', introduced],
    ['introduction_why', intro?.why.trim() ? intro.why : null],
  ]);
}

/**
 * Obsidian's daily-notes settings. Ours when we wrote them before or there are none; when the
 * user already has their own, only `folder` and `format` are set and every other key (their
 * template) is kept — and the file stays theirs (never listed, never removed by Kindred).
 */
async function dailyNotesSettings(outDir: string, manifest: ExportManifest | null): Promise<{ text: string; own: boolean }> {
  const ours = { folder: JOURNAL_FOLDER, format: DAILY_FORMAT };
  if (manifest?.files.includes(DAILY_NOTES_SETTINGS)) return { text: `${JSON.stringify(ours, null, 2)}\n`, own: true };
  let existing: string | null = null;
  try {
    existing = await readFile(join(outDir, DAILY_NOTES_SETTINGS), 'utf8');
  } catch {
    return { text: `${JSON.stringify(ours, null, 2)}\n`, own: true };
  }
  let theirs: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(existing) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) theirs = parsed as Record<string, unknown>;
  } catch {
    // Unreadable settings: Obsidian would ignore them too; they are replaced by a merged copy.
  }
  return { text: `${JSON.stringify({ ...theirs, ...ours }, null, 2)}\n`, own: false };
}
