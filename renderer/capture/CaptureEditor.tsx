import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { OnChangePlugin } from '@lexical/react/LexicalOnChangePlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import type { LexicalEditor } from 'lexical';
import { useEffect, type JSX } from 'react';
import { KINDRED_NODES } from '../editor/nodes';
import { WritingPlugins } from '../editor/plugins/WritingPlugins';
import { editorTheme } from '../editor/theme';

/**
 * The capture's rich-text editor: the app's nodes, Markdown shortcuts, links and the same `@`
 * mention typeahead (people created on the spot), but not bound to any page doc — its state is
 * the draft, and it becomes page content only when saved (saveCapture.ts). Mount with a new
 * `key` to start over.
 */

export interface CaptureEditorProps {
  /** A kept draft's editor state (JSON), already checked to parse; null for an empty editor. */
  initialState: string | null;
  label: string;
  placeholder: string;
  /** Id of the element that describes the keys (the hint line). */
  describedBy: string;
  onChange(editorState: string): void;
  onCreatePerson(name: string): string;
  /** Receives the editor once it exists (focus, reading the state on save). */
  onEditor(editor: LexicalEditor | null): void;
}

export function CaptureEditor(props: CaptureEditorProps): JSX.Element {
  const initialConfig: InitialConfigType = {
    namespace: 'kindred-capture',
    nodes: KINDRED_NODES,
    theme: editorTheme,
    editorState: props.initialState ?? undefined,
    onError(error) {
      console.error('[kindred capture]', error);
    },
  };
  return (
    <LexicalComposer initialConfig={initialConfig}>
      <div className="page-editor capture-editor">
        <div className="editor-surface">
          <RichTextPlugin
            contentEditable={
              <ContentEditable
                className="editor-input"
                aria-label={props.label}
                aria-placeholder={props.placeholder}
                aria-describedby={props.describedBy}
                placeholder={<div className="editor-placeholder">{props.placeholder}</div>}
              />
            }
            ErrorBoundary={LexicalErrorBoundary}
          />
        </div>
        <HistoryPlugin />
        <WritingPlugins onCreatePerson={props.onCreatePerson} />
        <OnChangePlugin
          ignoreSelectionChange
          ignoreHistoryMergeTagChange
          onChange={(state) => props.onChange(JSON.stringify(state.toJSON()))}
        />
        <EditorHandle onEditor={props.onEditor} />
      </div>
    </LexicalComposer>
  );
}

function EditorHandle({ onEditor }: { onEditor(editor: LexicalEditor | null): void }): null {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);
  return null;
}
