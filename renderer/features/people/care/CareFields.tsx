import { useState, type JSX } from 'react';
import { logCheckIn } from '../../../care/careActions';
import { cachedReachOut } from '../../../care/careModel';
import { routeHref } from '../../../router/routes';
import { navigate } from '../../../router/useRoute';
import { today } from '../../../state/actions';
import { useServices, useWorkspace } from '../../../state/AppServices';
import { CareRow } from './CareRow';
import { CheckInField } from './CheckInField';
import { HowWeMetField } from './HowWeMetField';
import { ImportantDatesField } from './ImportantDatesField';
import { InterestsField } from './InterestsField';
import { lastTalkedText } from './personCare';
import { messageOf } from './useCareWrite';

/**
 * "About Maria": the few things worth remembering about keeping in touch, above their page.
 * Every field is optional and writes straight into the person's record in the workspace.
 */
export function CareFields({ personId, name }: { personId: string; name: string }): JSX.Element {
  const services = useServices();
  const snapshot = useWorkspace();
  const profile = snapshot.profiles.get(personId);
  const day = today(services);
  const lastContact = cachedReachOut(snapshot, day).lastContacts[personId] ?? null;
  const [logging, setLogging] = useState(false);
  const [logError, setLogError] = useState<string | null>(null);

  const logNow = (): void => {
    setLogging(true);
    setLogError(null);
    logCheckIn(services, personId)
      .then((id) => navigate(routeHref({ name: 'note', id })))
      .catch((e: unknown) => setLogError(`Couldn’t start the note: ${messageOf(e)}`))
      .finally(() => setLogging(false));
  };

  return (
    <section className="care-panel" aria-labelledby="care-panel-title">
      <h2 id="care-panel-title" className="care-panel-title">
        About {name || 'them'}
      </h2>
      <CareRow label="Last conversation">
        <div className="care-last">
          <span data-testid="last-talked">{lastTalkedText(lastContact, day)}</span>
          <button type="button" className="care-quiet" disabled={logging} onClick={logNow}>
            Log a check-in
          </button>
        </div>
        {logError && (
          <p className="inline-error" role="alert">
            {logError}
          </p>
        )}
      </CareRow>
      <CareRow label="Keeping in touch">
        <CheckInField personId={personId} profile={profile} lastContact={lastContact} />
      </CareRow>
      <CareRow label="Important dates">
        <ImportantDatesField personId={personId} dates={profile?.dates ?? []} />
      </CareRow>
      <CareRow label="Interests">
        <InterestsField personId={personId} interests={profile?.interests ?? []} />
      </CareRow>
      <HowWeMetField personId={personId} profile={profile} />
    </section>
  );
}
