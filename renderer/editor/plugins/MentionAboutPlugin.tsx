import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $getSelection, $isElementNode, $isNodeSelection, $isRangeSelection, COMMAND_PRIORITY_LOW, KEY_DOWN_COMMAND, type LexicalNode } from 'lexical';
import { useEffect } from 'react';
import { isTalkedAboutShortcut } from '../../ui/shortcuts';
import { $isMentionNode, type MentionNode } from '../nodes/MentionNode';

/**
 * Alt+A marks the mention at (or just before) the caret as "talked about, not with", or back:
 * the keyboard way to the toggle each mention chip shows.
 */
export function MentionAboutPlugin(): null {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      editor.registerCommand(
        KEY_DOWN_COMMAND,
        (e: KeyboardEvent) => {
          if (!isTalkedAboutShortcut(e)) return false;
          const mention = $mentionAtCaret();
          if (!mention) return false;
          e.preventDefault();
          mention.setAbout(!mention.isAbout());
          return true;
        },
        COMMAND_PRIORITY_LOW,
      ),
    [editor],
  );
  return null;
}

function $mentionAtCaret(): MentionNode | null {
  const selection = $getSelection();
  if ($isNodeSelection(selection)) {
    const node = selection.getNodes()[0];
    return $isMentionNode(node) ? node : null;
  }
  if (!$isRangeSelection(selection) || !selection.isCollapsed()) return null;
  const { anchor } = selection;
  const node = anchor.getNode();
  let candidate: LexicalNode | null = null;
  if ($isElementNode(node)) candidate = node.getChildAtIndex(anchor.offset - 1);
  else if (anchor.offset === 0) candidate = node.getPreviousSibling();
  else if (anchor.offset <= 1 && node.getTextContent().startsWith(' ')) candidate = node.getPreviousSibling();
  return $isMentionNode(candidate) ? candidate : null;
}
