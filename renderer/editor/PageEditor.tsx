import { useEffect, useState, type ComponentType, type JSX } from 'react';
import type { PageEditorProps } from './PageEditorBody';

export type { PageEditorProps };

/**
 * The page editor (Lexical, its plugins and nodes: about a third of the app's script) is its own
 * chunk, evaluated in a task of its own: starting the app is several short main-thread tasks
 * instead of one long one. The app starts loading it while it waits for the host, so it is
 * normally there when the first page renders; until then the page shows the editor's frame,
 * saying "Opening…" as a loading page does. (Not React.lazy: Suspense holds revealed content
 * back for 300 ms after a fallback, which made every start-up 0.3 s slower half of the time.)
 */
let Body: ComponentType<PageEditorProps> | null = null;
let loading: Promise<ComponentType<PageEditorProps>> | null = null;

function loadBody(): Promise<ComponentType<PageEditorProps>> {
  loading ??= import('./PageEditorBody').then((m) => (Body = m.PageEditorBody));
  return loading;
}

/** Starts loading the editor's chunk now (the app calls it while it waits for the host). */
export function preloadPageEditor(): void {
  loadBody().catch(() => undefined); // a failure shows when a page renders the editor
}

export function PageEditor(props: PageEditorProps): JSX.Element {
  const [Loaded, setLoaded] = useState<ComponentType<PageEditorProps> | null>(() => Body);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (Loaded) return;
    let live = true;
    loadBody().then(
      (component) => live && setLoaded(() => component),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [Loaded]);
  if (Loaded) return <Loaded {...props} />;
  return (
    <div className="page-editor" data-state={failed ? 'failed' : 'loading'}>
      <div className="editor-surface">
        {failed ? (
          <p className="editor-error" role="alert">
            The editor could not be loaded. Nothing has been changed; reload the window.
          </p>
        ) : (
          <p className="editor-loading" role="status">
            Opening…
          </p>
        )}
      </div>
    </div>
  );
}
