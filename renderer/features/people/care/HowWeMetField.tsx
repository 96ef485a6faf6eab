import { useId, type JSX } from 'react';
import { setHowWeMet, type CareProfile } from '../../../../shared/care';
import { FIELD_LIMITS } from '../../../../shared/domain/fieldLimits';
import { Name } from '../../../ui/Name';
import { routeHref } from '../../../router/routes';
import { useServices, useWorkspace } from '../../../state/AppServices';
import { CareRow } from './CareRow';
import { byName } from './personCare';
import { SyncedTextarea } from './SyncedTextarea';
import { useCareWrite } from './useCareWrite';

/** How we met: a few words, and who introduced you (if anyone). */
export function HowWeMetField({ personId, profile }: { personId: string; profile: CareProfile | undefined }): JSX.Element {
  const services = useServices();
  const { people } = useWorkspace();
  const { error, run } = useCareWrite();
  const id = useId();
  const others = [...people.values()].filter((p) => p.id !== personId).sort(byName);
  const introducer = profile?.introducedBy ? people.get(profile.introducedBy) : undefined;

  return (
    <CareRow label={<label htmlFor={`${id}-text`}>How we met</label>}>
      <SyncedTextarea
        id={`${id}-text`}
        rows={2}
        maxLength={FIELD_LIMITS.howWeMet}
        value={profile?.howWeMet ?? ''}
        placeholder="At Ana’s birthday in 2019 — we talked about bread for an hour."
        onCommit={(text) => run(() => setHowWeMet(services.ws, personId, { text }))}
      />
      <div className="care-met-by">
        <label htmlFor={`${id}-by`}>Introduced by</label>
        <select
          id={`${id}-by`}
          value={introducer ? introducer.id : ''}
          onChange={(e) => run(() => setHowWeMet(services.ws, personId, { introducedBy: e.target.value || null }))}
        >
          <option value="">No one</option>
          {others.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        {introducer && (
          <a href={routeHref({ name: 'person', id: introducer.id })}>
            <Name>{introducer.name}</Name>’s page
          </a>
        )}
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </CareRow>
  );
}
