import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useLexicalEditable } from '@lexical/react/useLexicalEditable';
import { $getNodeByKey } from 'lexical';
import type { JSX } from 'react';
import { useWorkspace } from '../../state/AppServices';
import { routeHref } from '../../router/routes';

/**
 * Names for mentions outside React (copy as text, plain-text export). The app points this at
 * the registry once at start-up; the chip itself reads the registry through React.
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

export function MentionChip({ personId, about, nodeKey }: { personId: string; about: boolean; nodeKey: string }): JSX.Element {
  const { people } = useWorkspace();
  const [editor] = useLexicalComposerContext();
  // Pages open read-only until their doc has loaded: follow the editor's editable state.
  const editable = useLexicalEditable();
  const person = people.get(personId);
  const name = person?.name ?? 'someone (not on this device yet)';
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
        href={routeHref({ name: 'person', id: personId })}
        data-person-id={personId}
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
