import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useLexicalEditable } from '@lexical/react/useLexicalEditable';
import { $getNodeByKey } from 'lexical';
import type { JSX } from 'react';
import { useWorkspace } from '../../state/AppServices';
import { routeHref } from '../../router/routes';
import { resolvePerson } from '../../state/workspaceView';

export function MentionChip({ personId, about, nodeKey }: { personId: string; about: boolean; nodeKey: string }): JSX.Element {
  const snapshot = useWorkspace();
  const [editor] = useLexicalComposerContext();
  // Pages open read-only until their doc has loaded: follow the editor's editable state.
  const editable = useLexicalEditable();
  const resolved = resolvePerson(snapshot, personId);
  if (resolved.kind === 'gone') {
    // In Trash or purged: the name as plain text, no link and no toggle, until restored.
    return (
      <span className="mention-wrap mention-gone" contentEditable={false} data-person-id={personId} title={`${resolved.name} is in Trash or was deleted`}>
        @<bdi className="name">{resolved.name}</bdi>
      </span>
    );
  }
  // Merged: a mention of the one they were merged into.
  const linkId = resolved.kind === 'live' ? resolved.id : personId;
  const name = resolved.kind === 'live' ? resolved.name : 'someone (not on this device yet)';
  const toggle = (): void => {
    editor.update(() => {
      const node = $getNodeByKey(nodeKey);
      if (node && 'setAbout' in node) (node as unknown as { setAbout(v: boolean): void }).setAbout(!about);
    });
  };
  return (
    <span className={about ? 'mention-wrap about' : 'mention-wrap'} contentEditable={false}>
      <a
        className="mention"
        href={routeHref({ name: 'person', id: linkId })}
        data-person-id={linkId}
        data-about={about || undefined}
        title={about ? `Talked about ${name}, not with them. Open their page` : `Open ${name}’s page`}
        draggable={false}
      >
        @<bdi className="name">{name}</bdi>
      </a>
      {editable && (
        <button
          type="button"
          className="mention-toggle"
          aria-pressed={about}
          aria-label={`Talked about ${name}, not with them`}
          title={about ? 'Talked about, not with (Alt+A). Click if you talked with them' : 'Mark as talked about, not with (Alt+A)'}
          onMouseDown={(e) => e.preventDefault()}
          onClick={toggle}
        />
      )}
    </span>
  );
}
