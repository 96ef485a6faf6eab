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

export function mentionName(personId: string): string {
  return resolveName(personId) ?? 'someone';
}

export function MentionChip({ personId }: { personId: string }): JSX.Element {
  const { people } = useWorkspace();
  const person = people.get(personId);
  const name = person?.name ?? 'someone (not on this device yet)';
  return (
    <a
      className="mention"
      href={routeHref({ name: 'person', id: personId })}
      data-person-id={personId}
      title={`Open ${name}’s page`}
      contentEditable={false}
      draggable={false}
    >
      @{name}
    </a>
  );
}
