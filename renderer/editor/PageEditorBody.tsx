import { CollaborationPlugin } from '@lexical/react/LexicalCollaborationPlugin';
import { LexicalCollaboration } from '@lexical/react/LexicalCollaborationContext';
import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import type { Provider } from '@lexical/yjs';
import { useCallback, useEffect, useRef, useState, type JSX } from 'react';
import { $getRoot, $isElementNode } from 'lexical';
import * as Y from 'yjs';
import { useServices } from '../state/AppServices';
import { LocalProvider } from '../storage/localProvider';
import { KINDRED_NODES } from './nodes';
import { FindMatchPlugin } from './plugins/FindMatchPlugin';
import { LinkOpenPlugin } from './plugins/LinkOpenPlugin';
import { ToolbarPlugin } from './plugins/ToolbarPlugin';
import { WritingPlugins } from './plugins/WritingPlugins';
import { editorTheme } from './theme';

/** Linear scans (autoLinkMatchers.ts): an unbounded pattern froze typing in long words. */

export interface PageEditorProps {
  pageId: string;
  /** Only the device that created the page seeds its empty doc with a first paragraph. */
  shouldBootstrap: boolean;
  label: string;
  placeholder: string;
  onCreatePerson(name: string): string;
  /** Put the caret in the page when it opens: at the end, or at the end of its first line. */
  autoFocus?: boolean | 'firstLine';
  /** Words to scroll to and highlight (the page was opened from a search result). */
  find?: string[];
  /** Shown but never editable (a page in Trash). */
  readOnly?: boolean;
  /** A page never written (a day only visited): nothing is saved until someone writes in it. */
  persistWhenWritten?: boolean;
}

/**
 * A rich-text editor bound to the page's own Y.Doc. The editor stays read-only until the doc
 * has loaded — from the offline copy when it has the page, else from the journal store — so an
 * empty doc is only ever seeded when neither has the page. The doc is fresh per mount (binding
 * an already-loaded doc leaves the editor empty, lexical#4999). Mount it with `key={pageId}`.
 * Loaded on demand, through PageEditor.tsx.
 */
export function PageEditorBody(props: PageEditorProps): JSX.Element {
  const initialConfig: InitialConfigType = {
    namespace: 'kindred',
    nodes: KINDRED_NODES,
    theme: editorTheme,
    editable: false,
    // Collaboration owns the initial state: it comes from the page's doc.
    editorState: null,
    onError(error) {
      console.error('[kindred editor]', error);
    },
  };
  return (
    <LexicalCollaboration>
      <LexicalComposer initialConfig={initialConfig}>
        <EditorBody {...props} />
      </LexicalComposer>
    </LexicalCollaboration>
  );
}

function EditorBody({ pageId, shouldBootstrap, label, placeholder, onCreatePerson, autoFocus, find, readOnly = false, persistWhenWritten = false }: PageEditorProps): JSX.Element {
  const [editor] = useLexicalComposerContext();
  const { docs, host } = useServices();
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [linkError, setLinkError] = useState<string | null>(null);

  // Decided when the page opens: a day that gets its first words keeps its link (and starts
  // saving); a new factory would make the collaboration plugin bind a new doc mid-sentence.
  const persistAtOpen = useRef(persistWhenWritten);
  const providerFactory = useCallback(
    (id: string, yjsDocMap: Map<string, Y.Doc>): Provider => {
      const doc = new Y.Doc({ guid: id });
      yjsDocMap.set(id, doc);
      return new LocalProvider(doc, (d) => {
        const connection = docs.connect(id, d, { persistWhenWritten: persistAtOpen.current });
        connection.loaded.then(
          () => setState('ready'),
          () => setState('failed'),
        );
        return connection;
      });
    },
    [docs],
  );

  useEffect(() => {
    editor.setEditable(state === 'ready' && !readOnly);
    if (state !== 'ready' || readOnly || !autoFocus || find?.length) return;
    // Focus once the root is really editable in the DOM: setEditable re-renders ContentEditable,
    // and focusing a root that is not contenteditable yet does nothing (seen on a busy machine).
    const focus = (): void => {
      if (autoFocus === 'firstLine') {
        editor.update(() => {
          const first = $getRoot().getFirstChild();
          if ($isElementNode(first)) first.selectEnd();
        });
        editor.focus();
      } else editor.focus(undefined, { defaultSelection: 'rootEnd' });
    };
    let frame = requestAnimationFrame(function tryFocus() {
      const root = editor.getRootElement();
      if (root && root.isContentEditable) focus();
      else frame = requestAnimationFrame(tryFocus);
    });
    return () => cancelAnimationFrame(frame);
  }, [editor, state, autoFocus, find, readOnly]);

  return (
    <div className="page-editor" data-state={state}>
      <ToolbarPlugin label={`Formatting for ${label}`} />
      <div className="editor-surface">
        <RichTextPlugin
          contentEditable={
            <ContentEditable
              className="editor-input"
              aria-label={label}
              aria-placeholder={placeholder}
              aria-busy={state === 'loading'}
              placeholder={<div className="editor-placeholder">{placeholder}</div>}
            />
          }
          ErrorBoundary={LexicalErrorBoundary}
        />
        {state === 'loading' && <p className="editor-loading" role="status">Opening…</p>}
        {state === 'failed' && (
          <p className="editor-error" role="alert">
            This page could not be opened: it is not in this window’s offline copy and Kindred’s journal store did not
            answer. Nothing has been changed; check that Kindred is running, then reload.
          </p>
        )}
      </div>
      {linkError && (
        <p className="inline-error" role="alert">
          {linkError} <button type="button" onClick={() => setLinkError(null)}>Dismiss</button>
        </p>
      )}
      <CollaborationPlugin id={pageId} providerFactory={providerFactory} shouldBootstrap={shouldBootstrap} />
      <WritingPlugins onCreatePerson={onCreatePerson} />
      <LinkOpenPlugin host={host} onError={setLinkError} />
      {find && find.length > 0 && <FindMatchPlugin words={find} ready={state === 'ready'} />}
    </div>
  );
}
