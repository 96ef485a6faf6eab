import { createHeadlessEditor } from '@lexical/headless';
import { createRoot } from 'react-dom/client';
import { toLocalISODate } from '../../shared/domain/dates';
import { createPerson, peopleMap, readPerson } from '../../shared/domain/workspace';
import type { CaptureDraft } from '../../shared/host/slices/capture';
import { KINDRED_NODES } from '../editor/nodes';
import { setMentionNameResolver } from '../editor/nodes/mentionNames';
import { connectHost } from '../host/connectHost';
import { createHostClock } from '../host/hostClock';
import type { CacheEvents } from '../replica/replicaDoc';
import { createReplicaHub } from '../replica/replicaHub';
import { WorkspaceViewContext } from '../state/AppServices';
import { createWorkspaceView } from '../state/workspaceView';
import { DocStore } from '../storage/docStore';
import { openWorkspace } from '../storage/openWorkspace';
import { CaptureApp, type DraftEvents } from './CaptureApp';
import { createDraftKeeper } from './draftKeeper';
import '../styles.css';
import './capture.css';

/**
 * The quick-capture window's entry (capture.html). It is one more live replica of the host's
 * store — the workspace doc and the pages a capture touches — and never opens IndexedDB: no
 * offline copy (`offlineCache: false`), no search index, no migration. Its draft is kept by the
 * host (`capture.draft.*`).
 */
async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const { client: host, problem } = connectHost();
  if (problem) {
    root.render(<Problem title="This window isn’t connected to Kindred" text="Open quick capture from Kindred itself (or from the link `npm run web` printed), then try again." />);
    return;
  }
  const clock = createHostClock(host);
  const draftAnswer = host.request('capture.draft.get', {}).catch((err: unknown) => err);
  await clock.refresh();

  const hub = createReplicaHub(host, {
    onSaveFailure: (docId, error) => console.warn('[kindred capture] not saved yet', docId, error.message),
    onSaveRecovered: () => undefined,
  });
  // No offline copy, so no cache events can happen; kept for the shared constructors.
  const noCache: CacheEvents = { onCacheFailure: () => undefined, onCacheRecovered: () => undefined, onCacheDamaged: () => undefined };
  let workspace;
  try {
    workspace = await openWorkspace(hub, noCache, 5_000, { offlineCache: false });
  } catch (err) {
    root.render(<Problem title="Kindred’s journal could not be reached" text={`${describe(err)} Nothing was changed. Check that Kindred is running, then reload this window.`} />);
    return;
  }
  const ws = workspace.doc;
  const docs = new DocStore({ hub, ...noCache, offlineCache: false });
  const view = createWorkspaceView(ws);
  // Read straight from the workspace doc: someone added a moment ago must resolve at once.
  setMentionNameResolver((id) => {
    const rec = peopleMap(ws).get(id);
    return rec ? readPerson(id, rec).name : undefined;
  });
  const stamp = () => ({ now: clock.now().getTime(), deviceId: workspace.deviceId });

  const { draft, note } = readDraft(await draftAnswer);
  const draftEvents: DraftEvents = {};
  const keeper = createDraftKeeper({
    onError: (err) => draftEvents.onError?.(err),
    onRecovered: () => draftEvents.onRecovered?.(),
    save: async (d) => void (await host.request('capture.draft.save', { draft: d })),
    clear: async () => void (await host.request('capture.draft.clear', {})),
    now: () => clock.now().getTime(),
  });

  root.render(
    <WorkspaceViewContext.Provider value={view}>
      <CaptureApp
        host={host}
        now={clock.now}
        keeper={keeper}
        initialDraft={draft}
        startupNote={note}
        draftEvents={draftEvents}
        createPerson={(name) => createPerson(ws, name, toLocalISODate(clock.now()), stamp()).id}
        target={{
          ws,
          deviceId: workspace.deviceId,
          editDoc: (pageId, edit) => docs.editDoc(pageId, edit),
          flushWorkspace: () => workspace.replica.link.whenSettled({ rejectOnFailure: true }),
          async settle() {
            await Promise.all([docs.flushAll(), workspace.replica.link.whenSettled({ rejectOnFailure: true })]);
          },
        }}
      />
    </WorkspaceViewContext.Provider>,
  );
  // Whatever is waiting reaches the host's disk before the window goes (a reload, a close).
  window.addEventListener('pagehide', () => void keeper.flush().catch(() => undefined));
  // Electron asks before closing the window (on quit): the draft and every pushed edit first.
  host.subscribe('window.closeRequested', () => {
    void Promise.allSettled([keeper.flush(), docs.flushAll()])
      .then(() => host.request('window.readyToClose', {}))
      .catch(() => undefined);
  });
}

/** The kept draft if it can be shown; otherwise why not, in plain words. */
function readDraft(answer: unknown): { draft: CaptureDraft | null; note: string | null } {
  if (answer instanceof Error || !answer || typeof answer !== 'object') {
    return { draft: null, note: `Your kept draft could not be loaded (${describe(answer)}); it stays on disk.` };
  }
  const draft = (answer as { draft: CaptureDraft | null }).draft;
  if (!draft) return { draft: null, note: null };
  try {
    // Checked here, not in the editor: an editor state that does not parse would break the page.
    createHeadlessEditor({ nodes: KINDRED_NODES, onError: (e) => { throw e; } }).parseEditorState(draft.editorState);
    return { draft, note: null };
  } catch (err) {
    return { draft: null, note: `Your kept draft could not be read (${describe(err)}). Typing here starts a new one.` };
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function Problem({ title, text }: { title: string; text: string }) {
  return (
    <main className="startup-error" role="alert">
      <h1>{title}</h1>
      <p>{text}</p>
    </main>
  );
}

void start();
