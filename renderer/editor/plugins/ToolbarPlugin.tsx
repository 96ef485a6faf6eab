import { $isListNode, INSERT_CHECK_LIST_COMMAND, INSERT_ORDERED_LIST_COMMAND, INSERT_UNORDERED_LIST_COMMAND, ListNode, REMOVE_LIST_COMMAND } from '@lexical/list';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $createHeadingNode, $createQuoteNode, $isHeadingNode, $isQuoteNode } from '@lexical/rich-text';
import { $setBlocksType } from '@lexical/selection';
import { $getNearestNodeOfType, mergeRegister } from '@lexical/utils';
import {
  $createParagraphNode,
  $getSelection,
  $isRangeSelection,
  CAN_REDO_COMMAND,
  CAN_UNDO_COMMAND,
  COMMAND_PRIORITY_LOW,
  FORMAT_TEXT_COMMAND,
  REDO_COMMAND,
  UNDO_COMMAND,
  type TextFormatType,
} from 'lexical';
import { useCallback, useEffect, useState, type JSX } from 'react';
import { IS_MAC } from '../../ui/shortcuts';

type BlockKind = 'paragraph' | 'h1' | 'h2' | 'quote' | 'bullet' | 'number' | 'check';

interface ToolbarState {
  formats: Record<'bold' | 'italic' | 'underline' | 'code', boolean>;
  block: BlockKind;
}

const EMPTY: ToolbarState = { formats: { bold: false, italic: false, underline: false, code: false }, block: 'paragraph' };
const mod = IS_MAC ? '⌘' : 'Ctrl+';

/** Formatting buttons: each has an accessible name, its shortcut, and aria-pressed state. */
export function ToolbarPlugin({ label }: { label: string }): JSX.Element {
  const [editor] = useLexicalComposerContext();
  const [state, setState] = useState<ToolbarState>(EMPTY);
  const [canUndo, setCanUndo] = useState(false);
  const [canRedo, setCanRedo] = useState(false);

  const read = useCallback(() => {
    const selection = $getSelection();
    if (!$isRangeSelection(selection)) return;
    const anchor = selection.anchor.getNode();
    const top = anchor.getKey() === 'root' ? anchor : anchor.getTopLevelElementOrThrow();
    let block: BlockKind = 'paragraph';
    const list = $getNearestNodeOfType(anchor, ListNode);
    if (list && $isListNode(list)) {
      const type = list.getListType();
      block = type === 'check' ? 'check' : type === 'number' ? 'number' : 'bullet';
    } else if ($isHeadingNode(top)) block = top.getTag() === 'h1' ? 'h1' : 'h2';
    else if ($isQuoteNode(top)) block = 'quote';
    setState({
      formats: {
        bold: selection.hasFormat('bold'),
        italic: selection.hasFormat('italic'),
        underline: selection.hasFormat('underline'),
        code: selection.hasFormat('code'),
      },
      block,
    });
  }, []);

  useEffect(
    () =>
      mergeRegister(
        editor.registerUpdateListener(({ editorState }) => editorState.read(read)),
        editor.registerCommand(CAN_UNDO_COMMAND, (v) => (setCanUndo(v), false), COMMAND_PRIORITY_LOW),
        editor.registerCommand(CAN_REDO_COMMAND, (v) => (setCanRedo(v), false), COMMAND_PRIORITY_LOW),
      ),
    [editor, read],
  );

  const format = (f: TextFormatType) => editor.dispatchCommand(FORMAT_TEXT_COMMAND, f);
  const setBlock = (kind: BlockKind) => {
    if (kind === 'bullet' || kind === 'number' || kind === 'check') {
      if (state.block === kind) editor.dispatchCommand(REMOVE_LIST_COMMAND, undefined);
      else
        editor.dispatchCommand(
          kind === 'bullet' ? INSERT_UNORDERED_LIST_COMMAND : kind === 'number' ? INSERT_ORDERED_LIST_COMMAND : INSERT_CHECK_LIST_COMMAND,
          undefined,
        );
      return;
    }
    editor.update(() => {
      const selection = $getSelection();
      if (!$isRangeSelection(selection)) return;
      const target = state.block === kind ? 'paragraph' : kind;
      $setBlocksType(selection, () =>
        target === 'h1' || target === 'h2' ? $createHeadingNode(target) : target === 'quote' ? $createQuoteNode() : $createParagraphNode(),
      );
    });
  };

  const btn = (name: string, pressed: boolean | undefined, onClick: () => void, text: string, shortcut?: string, disabled = false) => (
    <button
      type="button"
      className="tb-btn"
      aria-label={name}
      aria-disabled={disabled || undefined}
      title={shortcut ? `${name} (${shortcut})` : name}
      aria-pressed={pressed}
      onMouseDown={(e) => e.preventDefault()}
      onClick={disabled ? undefined : onClick}
    >
      {text}
    </button>
  );

  return (
    <div className="toolbar" role="toolbar" aria-label={label}>
      {btn('Undo', undefined, () => editor.dispatchCommand(UNDO_COMMAND, undefined), '↶', `${mod}Z`, !canUndo)}
      {btn('Redo', undefined, () => editor.dispatchCommand(REDO_COMMAND, undefined), '↷', `${mod}Shift+Z`, !canRedo)}
      <span className="tb-sep" aria-hidden="true" />
      {btn('Bold', state.formats.bold, () => format('bold'), 'B', `${mod}B`)}
      {btn('Italic', state.formats.italic, () => format('italic'), 'I', `${mod}I`)}
      {btn('Underline', state.formats.underline, () => format('underline'), 'U', `${mod}U`)}
      {btn('Inline code', state.formats.code, () => format('code'), '</>')}
      <span className="tb-sep" aria-hidden="true" />
      {btn('Heading', state.block === 'h1', () => setBlock('h1'), 'H1', '# ')}
      {btn('Subheading', state.block === 'h2', () => setBlock('h2'), 'H2', '## ')}
      {btn('Bulleted list', state.block === 'bullet', () => setBlock('bullet'), '•', '- ')}
      {btn('Numbered list', state.block === 'number', () => setBlock('number'), '1.', '1. ')}
      {btn('Checklist', state.block === 'check', () => setBlock('check'), '☑', '[] ')}
      {btn('Quote', state.block === 'quote', () => setBlock('quote'), '❝', '> ')}
    </div>
  );
}
