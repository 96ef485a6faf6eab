import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { localReminderStore, startDailyReminder } from './care/dailyReminder';
import { setMentionNameResolver } from './editor/nodes/MentionChip';
import { bannerStore } from './features/shell/Banners';
import { connectHost } from './host/connectHost';
import { createHostClock } from './host/hostClock';
import { navigate } from './router/useRoute';
import { recentIds } from './search/recents';
import { createSearchService } from './search/searchService';
import { AppServicesContext, type AppServices } from './state/AppServices';
import { createStorageStatus } from './state/storageStatus';
import { createWorkspaceView } from './state/workspaceView';
import { DocStore } from './storage/docStore';
import { openWorkspace } from './storage/openWorkspace';
import { startPageFactsUpdater } from './storage/pageFactsUpdater';
import './styles.css';

/** Wires the app's services once, then renders. Nothing here opens a page doc. */
async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const storage = createStorageStatus();
  const { client: host, problem } = connectHost();
  const clock = createHostClock(host);
  await clock.refresh();
  let workspace;
  try {
    workspace = await openWorkspace({
      onFailure: (f) => storage.reportFailure(f),
      onRecovered: (name) => storage.reportRecovered(name),
    });
  } catch (err) {
    root.render(<StartupError error={err} />);
    return;
  }
  const docs = new DocStore({
    onFailure: (f) => storage.reportFailure(f),
    onRecovered: (name) => storage.reportRecovered(name),
  });
  const updater = startPageFactsUpdater(workspace.doc, docs);
  const view = createWorkspaceView(workspace.doc);
  setMentionNameResolver((id) => view.getSnapshot().people.get(id)?.name);
  const search = createSearchService({ ws: workspace.doc, view, docs, recentIds });

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
      await workspace.persistence.flush();
      await search.flush().catch(() => undefined);
    },
    pendingWrites: () => updater.pending() + docs.pendingWrites() + workspace.persistence.pendingWrites,
  };

  // Electron asks before closing the window; reply once everything typed is on disk.
  host.subscribe('window.closeRequested', () => {
    void services
      .flushAll()
      .catch(() => undefined)
      .then(() => host.request('window.readyToClose', {}))
      .catch(() => undefined);
  });
  // Browsers give no time on close: at least issue the registry writes at once.
  window.addEventListener('pagehide', () => updater.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') updater.flush();
  });
  if (problem) console.warn('[kindred host]', problem);

  // The daily reminder (in a browser, a banner: listen for those before it first looks).
  bannerStore(host);
  startDailyReminder({ host, view, now: clock.now, store: localReminderStore(), navigate });

  root.render(
    <StrictMode>
      <AppServicesContext.Provider value={services}>
        <App />
      </AppServicesContext.Provider>
    </StrictMode>,
  );
}

function StartupError({ error }: { error: unknown }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <main className="startup-error" role="alert">
      <h1>Kindred couldn’t open your journal</h1>
      <p>This device’s storage did not answer: {message}</p>
      <p>Nothing was changed. Close other Kindred windows and reload this one.</p>
    </main>
  );
}

void start();
