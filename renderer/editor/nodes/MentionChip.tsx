import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useLexicalEditable } from '@lexical/react/useLexicalEditable';
import { $getNodeByKey } from 'lexical';
import type { JSX } from 'react';
import { useWorkspace } from '../../state/AppServices';
import { resolvePerson } from '../../state/workspaceView';
import { routeHref } from '../../router/routes';

/**
 * Names for mentions outside React (copy as text, plain-text export). The app points this at
 * the registry once at start-up (see `mentionNameFrom`); the chip itself reads the registry
 * through React. People in Trash, purged or merged still have a name here: their mentions show
 * it (merged: the survivor's).
 */
let resolveName: (personId: string) => string | undefined = () => undefined;

export function setMentionNameResolver(fn: (personId: string) => string | undefined): void {
  resolveName = fn;
}

/**
 * Whether `personId` is someone in this workspace. Pasted content (HTML or Lexical JSON) can
 * carry any id; only known ones become mention chips (MentionNode.importDOM/importJSON).
 */
export function isKnownPerson(personId: string): boolean {
  return personId !== '' && resolveName(personId) !== undefined;
}

export function mentionName(personId: string): string {
  return resolveName(personId) ?? 'someone';
}

/** The resolver the app installs: live, gone and merged people by the name a mention shows. */
export function mentionNameFrom(getSnapshot: () => Parameters<typeof resolvePerson>[0]): (personId: string) => string | undefined {
  return (id) => {
    const r = resolvePerson(getSnapshot(), id);
    return r.kind === 'unknown' ? undefined : r.name;
  };
}

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
