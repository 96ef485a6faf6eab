import type { JSX } from 'react';
import { normalizeName, renamePerson, seedsPage } from '../../../shared/domain/workspace';
import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits';
import { PageEditor } from '../../editor/PageEditor';
import { addPerson } from '../../state/actions';
import { useFindWords } from '../../router/useRoute';
import { useServices, useWorkspace } from '../../state/AppServices';
import { SyncedInput } from '../../ui/SyncedInput';
import { NotFound } from '../shell/NotFound';
import { usePageTitle } from '../shell/usePageTitle';
import { AskNextSection } from './care/AskNextSection';
import { CareFields } from './care/CareFields';
import { FollowUpsSection } from './care/FollowUpsSection';
import { IntroductionsSection } from './care/IntroductionsSection';
import { Conversations } from './Conversations';
import { MoveToTrashButton } from '../trash/MoveToTrashButton';
import { TrashedPage } from '../trash/TrashedPage';
import { useTrashItem } from '../trash/useTrashItem';
import { PersonPhoto } from './PersonPhoto';
import { MergeButton } from './merge/MergeButton';
import { MergedPerson, useMergedInto } from './merge/MergedPerson';

/**
 * A person: their name, what's worth remembering about keeping in touch, their own page (who
 * they are, what they care about), what to ask next time, open follow-ups, every conversation,
 * and introductions.
 */
export function PersonPage({ id }: { id: string }): JSX.Element {
  const services = useServices();
  const find = useFindWords();
  const { people, pages } = useWorkspace();
  const person = people.get(id);
  const meta = pages.get(id);
  const mergedInto = useMergedInto(id);
  const inTrash = useTrashItem(id);
  usePageTitle(person?.name ?? (inTrash ? `${inTrash.name} (in Trash)` : 'Not found'));
  if (mergedInto) return <MergedPerson personId={id} into={mergedInto} />;
  if (!person && inTrash) return <TrashedPage item={inTrash} />;
  if (!person) return <NotFound what="person" />;

  return (
    <article className="page person" aria-labelledby="person-name">
      <header className="page-header">
        <PersonPhoto personId={id} name={person.name} />
        <p className="eyebrow">Person</p>
        <h1 className="name-heading">
          <SyncedInput
            id="person-name"
            className="name-input"
            aria-label="Name"
            maxLength={FIELD_LIMITS.name}
            value={person.name}
            validate={(v) => (normalizeName(v) ? null : 'A person needs a name.')}
            onCommit={(v) => renamePerson(services.ws, id, v)}
          />
        </h1>
        <MergeButton personId={id} />
        <MoveToTrashButton target={{ kind: 'person', id }} title={person.name} />
      </header>
      <CareFields key={`care-${id}`} personId={id} name={person.name} />
      <PageEditor
        key={id}
        pageId={id}
        shouldBootstrap={seedsPage(meta?.createdOn, services.deviceId)}
        label={`About ${person.name}`}
        placeholder={`Who is ${person.name}? What do they care about, what are they excited or worried about?`}
        onCreatePerson={(name) => addPerson(services, name)}
        find={find}
      />
      <AskNextSection personId={id} name={person.name} />
      <FollowUpsSection key={`follow-ups-${id}`} personId={id} name={person.name} />
      <Conversations personId={id} name={person.name} />
      <IntroductionsSection key={`intros-${id}`} personId={id} name={person.name} />
    </article>
  );
}
