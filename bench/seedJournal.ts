/**
 * Seeds a journal through the app's own code paths, for benchmarks: people and pages are created
 * with shared/domain (as the UI does), page text is written through a headless Lexical editor
 * bound to the page's Y.Doc (the real @lexical/yjs structure, mentions as MentionNodes), in
 * typing-sized bursts, and every resulting update goes through the store's applyUpdate — the
 * path every window's pushes take. Deterministic (seeded corpus).
 */
import { $createParagraphNode, $createTextNode, $getRoot, type ParagraphNode } from 'lexical';
import * as Y from 'yjs';
import { createConversation, createPerson, ensureJournalPage, initWorkspace, WORKSPACE_DOC_ID } from '../shared/domain/workspace';
import type { JournalStore } from '../electron/services/store/types';
import { bindHeadlessEditor } from '../renderer/editor/headlessBinding';
import { $createMentionNode } from '../renderer/editor/nodes/MentionNode';
import { generateCorpus, mulberry32, pick, type Person } from './corpus';

export interface SeedOptions {
  pages: number;
  people: number;
  seed?: number;
  /** Typing bursts per page (each one store write); ~20 by default. */
  burstsPerPage?: number;
  onProgress?(done: number, total: number): void;
}

export interface SeededJournal {
  pageIds: string[];
  personIds: string[];
  updates: number;
  bytes: number;
}

const REGISTRY_BATCH = 500;

export async function seedJournal(store: JournalStore, opts: SeedOptions): Promise<SeededJournal> {
  const rng = mulberry32(opts.seed ?? 11);
  const corpus = generateCorpus({ notes: Math.max(0, opts.pages - opts.people), people: opts.people, seed: opts.seed ?? 11 });
  const bursts = opts.burstsPerPage ?? 20;
  let updates = 0;
  let bytes = 0;
  const pending: Promise<unknown>[] = [];
  const write = (docId: string, update: Uint8Array): void => {
    updates++;
    bytes += update.byteLength;
    pending.push(store.applyUpdate(docId, update, 'bench-seed'));
  };
  const drain = async (): Promise<void> => {
    await Promise.all(pending.splice(0));
  };

  // The registry: people and pages created the way the UI creates them, in batches of edits.
  const ws = new Y.Doc({ guid: WORKSPACE_DOC_ID });
  ws.on('update', (u: Uint8Array) => write(WORKSPACE_DOC_ID, u));
  initWorkspace(ws);
  const stamp = { now: Date.UTC(2025, 11, 31), deviceId: 'device-bench' };
  const personId = new Map<string, string>();
  // The registry is written in batches of REGISTRY_BATCH records (one update each), as an import
  // would: one update per record made every store write re-validate a 10 MB registry at 50,000
  // pages (quadratic seeding). Page text below is still written in typing-sized bursts.
  for (let start = 0; start < corpus.people.length; start += REGISTRY_BATCH) {
    ws.transact(() => {
      for (const p of corpus.people.slice(start, start + REGISTRY_BATCH)) personId.set(p.id, createPerson(ws, p.name, '2016-01-01', stamp).id);
    });
    await drain();
  }
  const pageIds: string[] = [];
  const usedDays = new Set<string>();
  const notePage: string[] = [];
  for (let start = 0; start < corpus.notes.length; start += REGISTRY_BATCH) {
    ws.transact(() => {
      for (const note of corpus.notes.slice(start, start + REGISTRY_BATCH)) {
        let id: string;
        if (note.kind === 'journal' && !usedDays.has(note.date)) {
          usedDays.add(note.date);
          id = ensureJournalPage(ws, note.date, stamp);
        } else id = createConversation(ws, note.date, rng() < 0.3 ? pick(rng, ['the bakery', 'the park', 'on the phone', 'their flat']) : '', stamp);
        pageIds.push(id);
        notePage.push(id);
      }
    });
    await drain();
  }
  await drain();

  const total = corpus.notes.length + corpus.people.length;
  let done = 0;
  const peopleByCorpusId = new Map(corpus.people.map((p) => [p.id, p]));
  for (let n = 0; n < corpus.notes.length; n++) {
    const note = corpus.notes[n]!;
    const mentioned = note.people.map((id) => peopleByCorpusId.get(id)!).filter(Boolean);
    writePage(notePage[n]!, note.text, mentioned, personId, bursts, write);
    if (pending.length > 2_000) await drain();
    opts.onProgress?.(++done, total);
  }
  for (const p of corpus.personPages) {
    const person = corpus.people.find((x) => `page-${x.id}` === p.id)!;
    writePage(personId.get(person.id)!, p.text, [person], personId, Math.max(2, Math.round(bursts / 5)), write);
    if (pending.length > 2_000) await drain();
    opts.onProgress?.(++done, total);
  }
  await drain();
  return { pageIds, personIds: [...personId.values()], updates, bytes };
}

/** Writes a note's paragraphs through a headless editor, in `bursts` roughly equal steps. */
function writePage(
  pageId: string,
  text: string,
  mentioned: Person[],
  personId: ReadonlyMap<string, string>,
  bursts: number,
  write: (docId: string, update: Uint8Array) => void,
): void {
  const doc = new Y.Doc({ guid: pageId });
  doc.on('update', (u: Uint8Array) => write(pageId, u));
  const page = bindHeadlessEditor(doc);
  try {
    const paragraphs = text.split('\n\n');
    const words = paragraphs.map((p) => p.split(' '));
    const totalWords = words.reduce((n, w) => n + w.length, 0);
    const perBurst = Math.max(1, Math.ceil(totalWords / bursts));
    // Names written as "@Full Name" in the corpus text become mentions of that person.
    const byName = new Map(mentioned.map((m) => [m.name, personId.get(m.id)!]));
    const byFirst = new Map(mentioned.map((m) => [m.first, personId.get(m.id)!]));
    for (let p = 0; p < words.length; p++) {
      const list = words[p]!;
      for (let at = 0; at < list.length; at += perBurst) {
        const chunk = list.slice(at, at + perBurst);
        page.editor.update(
          () => {
            const root = $getRoot();
            let para = at === 0 ? null : (root.getLastChild() as ParagraphNode | null);
            if (!para) root.append((para = $createParagraphNode()));
            let run = at === 0 ? '' : ' ';
            for (const w of chunk) {
              const bare = w.replace(/[.,!?]$/, '');
              const mention = byFirst.get(bare) ?? byName.get(bare);
              if (mention) {
                if (run) para.append($createTextNode(run));
                para.append($createMentionNode(mention));
                run = w.slice(bare.length) + ' ';
              } else run += `${w} `;
            }
            run = run.replace(/ $/, '');
            if (run) para.append($createTextNode(run));
          },
          { discrete: true },
        );
      }
    }
  } finally {
    page.dispose();
  }
}
