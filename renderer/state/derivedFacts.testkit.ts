/**
 * A window's whole stack for tests that need list facts (previews, mentions, care facts): the
 * real in-process host and store, the window's replica DocStore, the host's real derived index
 * over that store, and this window's DerivedFacts fed from it. Only the contract mapping of
 * `derived.*` is bypassed (the hosts own and test it). Not shipped.
 */
/* eslint-disable no-restricted-imports -- test-only: the host's real derived index. */
import { startDerivedIndex, type RunningDerivedIndex } from '../../electron/services/derived/derivedIndex';
/* eslint-enable no-restricted-imports */
import { startTestHost, type TestHost } from '../replica/inProcessHost.testkit';
import { openTestWindow, type OpenedTestWindow } from '../replica/testWindow.testkit';
import { createDerivedFacts, type DerivedFacts, type DerivedSource } from './derivedFacts';

export interface TestJournal {
  host: TestHost;
  win: OpenedTestWindow;
  index: RunningDerivedIndex;
  facts: DerivedFacts;
  /** Waits until every store change so far is in the index and has reached `facts`. */
  settled(): Promise<void>;
  dispose(): Promise<void>;
}

export function derivedSourceOf(index: RunningDerivedIndex): DerivedSource {
  return {
    pages: async (after, limit) => ({ ...(await index.pages(after, limit)), state: index.state() }),
    subscribe: (listener) => index.onChange(listener),
  };
}

export async function startTestJournal(): Promise<TestJournal> {
  const host = await startTestHost();
  const win = openTestWindow(host);
  const index = await startDerivedIndex(host.store, { liveDelayMs: 1, log: () => undefined });
  const facts = createDerivedFacts(derivedSourceOf(index));
  await facts.loaded;
  return {
    host,
    win,
    index,
    facts,
    async settled() {
      await win.docs.flushAll();
      await index.idle();
      // Events reach `facts` synchronously; the view rebuilds its snapshot in a microtask.
      await new Promise((r) => setTimeout(r, 0));
    },
    async dispose() {
      facts.dispose();
      await win.docs.flushAll();
      await index.close();
      await host.dispose();
    },
  };
}
