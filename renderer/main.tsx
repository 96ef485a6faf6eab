import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { localReminderStore, startDailyReminder } from './care/dailyReminder';
import { mentionNameFrom, setMentionNameResolver } from './editor/nodes/mentionNames';
import { bannerStore } from './features/shell/Banners';
import type { HostClient } from '../shared/host/contract';
import { WORKSPACE_DOC_ID, pagesMap } from '../shared/domain/workspace';
import { formatLongDate } from '../shared/domain/dates';
import { preloadPageEditor } from './editor/PageEditor';
import { connectHost } from './host/connectHost';
import { MigrationScreen, type MigrationRun } from './migration/MigrationScreen';
import { migrateJournal } from './migration/migrateJournal';
import { createHostClock } from './host/hostClock';
import { navigate } from './router/useRoute';
import { recentIds } from './search/recents';
import { createSearchService } from './search/searchService';
import { AppServicesContext, type AppServices } from './state/AppServices';
import { createStorageStatus } from './state/storageStatus';
import { createDerivedFacts, hostDerivedSource } from './state/derivedFacts';
import { openWorkspaceView } from './state/workspaceView';
import { createReplicaHub } from './replica/replicaHub';
import { pageTitle } from './search/searchDocs';
import type { CacheEvents } from './replica/replicaDoc';
import { DocStore } from './storage/docStore';
import { openWorkspace, type OpenedWorkspace } from './storage/openWorkspace';
import { startPageFactsUpdater } from './storage/pageFactsUpdater';
import { migrateFollowUpOverrides } from './care/careActions';
import './styles.css';

/** Wires the app's services once, then renders. Nothing here opens a page doc. */
async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const { client: host, problem } = connectHost();
  // The journal lives in the host's store: without a host nothing could be saved, so say so
  // plainly instead of letting someone type into a window that keeps nothing.
  if (problem) {
    root.render(<NoHost />);
    return;
  }
  // A link from an earlier launch (its token is refused) or a host that has stopped: say so now,
  // not at the first keystroke.
  performance.mark('kindred:host-connect');
  // The window's first date format loads the locale's data (~15 ms): done in a task of its own
  // while the host answers, not inside the first render of today's page.
  setTimeout(() => formatLongDate('2000-01-01'));
  preloadPageEditor();
  const reachable = await reachHost(host);
  if (reachable !== true) {
    root.render(<StartupError error={reachable} />);
    return;
  }
  performance.mark('kindred:host-reached');
  const storage = createStorageStatus();
  const clock = createHostClock(host);
  await clock.refresh();

  // Names a page in messages; the registry is read only when a message needs it.
  let describePage = (id: string): string => id;
  const hub = createReplicaHub(host, {
    onSaveFailure: (docId, error) => storage.reportSaveFailure(docId, error.message),
    onSaveRecovered: (docId) => storage.reportSaveRecovered(docId),
    onStoreDamaged: (docId) => storage.reportDamaged(describePage(docId), 'store'),
  });
  const cacheEvents: CacheEvents = {
    onCacheFailure: (f) => storage.reportCacheFailure(f),
    onCacheRecovered: (name) => storage.reportCacheRecovered(name),
    onCacheDamaged: (docId) => storage.reportDamaged(describePage(docId), 'cache'),
  };
  performance.mark('kindred:clock');
  // Asked now, answered while the workspace loads.
  const migrationState = host.request('migration.state', {}).catch(() => null);
  let workspace: OpenedWorkspace;
  try {
    workspace = await openWorkspace(hub, cacheEvents);
  } catch (err) {
    root.render(<StartupError error={err} />);
    return;
  }
  performance.mark('kindred:workspace-open');
  const docs = new DocStore({ hub, ...cacheEvents });
  const updater = startPageFactsUpdater(workspace.doc, docs, () => clock.now().getTime(), 60_000, workspace.deviceId);
  // Previews, mention snippets and care facts come from the host's derived index.
  const facts = createDerivedFacts(hostDerivedSource(host));
  const view = await openWorkspaceView(workspace.doc, facts);
  setMentionNameResolver(mentionNameFrom(view.getSnapshot));
  describePage = (id) => {
    const snapshot = view.getSnapshot();
    const meta = snapshot.pages.get(id);
    if (meta) return pageTitle(meta, snapshot.people);
    return id === workspace.doc.guid ? 'your people and pages list' : id;
  };
  // Full-text search runs in the host (off this window's UI thread); the quick switcher stays here.
  const search = createSearchService({ host, view, recentIds });

  const services: AppServices = {
    host,
    ws: workspace.doc,
    deviceId: workspace.deviceId,
    docs,
    view,
    storage,
    search,
    now: clock.now,
    async flushAll() {
      updater.flush();
      await docs.flushAll();
      await workspace.flush();
      await search.flush().catch(() => undefined);
    },
    pendingWrites: () => updater.pending() + docs.pendingWrites() + workspace.pendingWrites(),
  };

  // Electron asks before closing the window; reply once everything typed is on disk.
  host.subscribe('window.closeRequested', () => {
    void services
      .flushAll()
      .catch(() => undefined)
      .then(() => host.request('window.readyToClose', {}))
      .catch(() => undefined);
  });
  // Browsers give no time on close and cannot wait for the host: every update was already
  // written to this window's offline copy and sent to the store as it happened, and whatever
  // the store did not acknowledge is pushed from the offline copy the next time the page opens.
  window.addEventListener('pagehide', () => updater.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') updater.flush();
  });

  // The daily reminder (in a browser, a banner: listen for those before it first looks).
  bannerStore(host);
  // It first looks once every page's facts (follow-ups, contacts) have arrived from the host:
  // looking earlier would judge "nothing due" from a half-loaded list.
  void facts.loaded.then(() => startDailyReminder({ host, view, now: clock.now, store: localReminderStore(), navigate }));
  // Due dates set by hand before checklist items had ids move onto the ids (opens only their pages).
  void facts.loaded.then(() => migrateFollowUpOverrides(services)).catch(() => undefined);

  const app = (
    <StrictMode>
      <AppServicesContext.Provider value={services}>
        <App />
      </AppServicesContext.Provider>
    </StrictMode>
  );
  // A journal that lived only in this profile's IndexedDB moves into the store first (once per
  // store, resumable). The store keeps the progress; every page goes through its replica link.
  // Only a profile whose IndexedDB held a journal has anything to move; a new journal, or a new
  // browser profile on an existing store, starts with an empty offline copy: nothing to move.
  performance.mark('kindred:services');
  const migration = await migrationState;
  performance.mark('kindred:render');
  if (migration && migration.state !== 'done' && !workspace.hadOfflineCopy) {
    await host.request('migration.record', { state: 'done', verified: 0, total: 0 }).catch(() => undefined);
    root.render(app);
  } else if (migration && migration.state !== 'done') {
    const run: MigrationRun = {
      async start(onProgress) {
        await workspace.flush();
        return migrateJournal({
          host,
          stillLinked: (docId) => hub.isLinked(docId),
          pageIds: () => [...pagesMap(workspace.doc).keys()],
          moveDoc: (pageId) => docs.syncDoc(pageId),
          workspace: { id: WORKSPACE_DOC_ID, doc: workspace.doc },
          onProgress,
        });
      },
    };
    root.render(<MigrationScreen run={run} onDone={() => root.render(app)} />);
  } else root.render(app);
}

/** True once the host answers; otherwise why not. */
async function reachHost(host: HostClient, timeoutMs = 10_000): Promise<true | Error> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Error>((resolve) => {
    timer = setTimeout(() => resolve(new Error('Kindred’s host did not answer.')), timeoutMs);
  });
  try {
    return await Promise.race([host.request('app.info', {}).then(() => true as const), timeout]);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  } finally {
    clearTimeout(timer);
  }
}

function StartupError({ error }: { error: unknown }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <main className="startup-error" role="alert">
      <h1>Kindred couldn’t open your journal</h1>
      <p>Your journal could not be loaded: {message}</p>
      <p>
        Nothing was changed. Check that Kindred is still running; if it was restarted, open the new link it printed,
        then reload this window.
      </p>
    </main>
  );
}

function NoHost() {
  return (
    <main className="startup-error" role="alert">
      <h1>This window isn’t connected to Kindred</h1>
      <p>
        Your journal is kept by Kindred’s host, and this window was not opened from the link it printed, so it
        cannot open or save your journal.
      </p>
      <p>
        Open the link that <code>npm run web</code> printed when it started (it ends with <code>?token=…</code>). If
        Kindred is not running, start it with <code>npm run web</code> first.
      </p>
    </main>
  );
}

void start();
