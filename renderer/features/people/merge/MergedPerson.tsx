import { useEffect, type JSX } from 'react';
import { resolveMerged, trashStateOf } from '../../../../shared/domain/trashState';
import { peopleMap } from '../../../../shared/domain/workspace';
import { routeHref } from '../../../router/routes';
import { navigate } from '../../../router/useRoute';
import { useServices, useWorkspace } from '../../../state/AppServices';
import { Name } from '../../../ui/Name';

/**
 * The address of a person who was merged into someone else keeps working: it leads to the one
 * they were merged into (replacing the history entry, so Back does not bounce), and says so.
 */
export function useMergedInto(personId: string): string | null {
  const { ws } = useServices();
  useWorkspace(); // re-read on every workspace change
  const people = peopleMap(ws);
  if (trashStateOf(people.get(personId)).state !== 'merged') return null;
  const into = resolveMerged(people, personId);
  return into !== personId && trashStateOf(people.get(into)).state === 'live' ? into : null;
}

export function MergedPerson({ personId, into }: { personId: string; into: string }): JSX.Element {
  const { ws } = useServices();
  const { people } = useWorkspace();
  const name = (peopleMap(ws).get(personId)?.get('name') as string | undefined) || 'This person';
  const intoName = people.get(into)?.name ?? 'someone else';
  const href = routeHref({ name: 'person', id: into });
  useEffect(() => {
    navigate(href, { replace: true });
  }, [href]);
  return (
    <article className="page" aria-labelledby="page-title">
      <h1 id="page-title">Merged</h1>
      <p className="empty">
        <Name>{name}</Name> was merged into <a href={href}><Name>{intoName}</Name></a>.
      </p>
    </article>
  );
}
