import { createHeadlessEditor } from '@lexical/headless';
import { createBinding, syncLexicalUpdateToYjs, syncYjsChangesToLexical, type Binding, type Provider } from '@lexical/yjs';
import { SKIP_COLLAB_TAG, type LexicalEditor } from 'lexical';
import type * as Y from 'yjs';
import { KINDRED_NODES } from './nodes';

/**
 * A Lexical editor with no DOM, bound to a Y.Doc exactly as CollaborationPlugin binds the real
 * one (useYjsCollaboration). Used to write page content without a visible editor — seeding a
 * new note — and by tests to produce the real @lexical/yjs structure.
 */
export interface HeadlessPage {
  editor: LexicalEditor;
  doc: Y.Doc;
  binding: Binding;
  dispose(): void;
}

/** What @lexical/yjs needs from a provider, for a doc no one else edits live. */
export function localOnlyProvider(): Provider {
  const noop = (): void => undefined;
  return {
    awareness: {
      getLocalState: () => null,
      getStates: () => new Map(),
      on: noop,
      off: noop,
      setLocalState: noop,
      setLocalStateField: noop,
    },
    connect: noop,
    disconnect: noop,
    on: noop,
    off: noop,
  };
}

export function bindHeadlessEditor(doc: Y.Doc, id = doc.guid): HeadlessPage {
  const editor = createHeadlessEditor({
    namespace: 'kindred-headless',
    nodes: KINDRED_NODES,
    onError: (err) => {
      throw err;
    },
  });
  const provider = localOnlyProvider();
  const binding = createBinding(editor, provider, id, doc, new Map([[id, doc]]));
  const shared = binding.root.getSharedType();
  const onYjs: Parameters<typeof shared.observeDeep>[0] = (events, tx) => {
    if (tx.origin !== binding) syncYjsChangesToLexical(binding, provider, events, false);
  };
  shared.observeDeep(onYjs);
  const removeListener = editor.registerUpdateListener(
    ({ prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags }) => {
      if (!tags.has(SKIP_COLLAB_TAG)) {
        syncLexicalUpdateToYjs(binding, provider, prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags);
      }
    },
  );
  return {
    editor,
    doc,
    binding,
    dispose: () => {
      shared.unobserveDeep(onYjs);
      removeListener();
    },
  };
}
