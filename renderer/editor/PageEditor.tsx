import { lazy, Suspense, type JSX } from 'react';
import type { PageEditorProps } from './PageEditorBody';

export type { PageEditorProps };

/**
 * The page editor (Lexical, its plugins and nodes: about a third of the app's script) is its own
 * chunk, evaluated in a task of its own once a page first renders: starting the app is several
 * short main-thread tasks instead of one long one. Until it is there the page shows the editor's
 * frame, saying "Opening…" as a loading page does.
 */
const loadBody = (): Promise<typeof import('./PageEditorBody')> => import('./PageEditorBody');
const PageEditorBody = lazy(() => loadBody().then((m) => ({ default: m.PageEditorBody })));

/**
 * Starts loading the editor's chunk now (the app calls it while it waits for the host), so it
 * is there when the first page renders: its evaluation is a task of its own either way.
 */
export function preloadPageEditor(): void {
  loadBody().catch(() => undefined); // a failure shows when the page renders the editor
}

export function PageEditor(props: PageEditorProps): JSX.Element {
  return (
    <Suspense fallback={<EditorOpening />}>
      <PageEditorBody {...props} />
    </Suspense>
  );
}

function EditorOpening(): JSX.Element {
  return (
    <div className="page-editor" data-state="loading">
      <div className="editor-surface">
        <p className="editor-loading" role="status">
          Opening…
        </p>
      </div>
    </div>
  );
}
