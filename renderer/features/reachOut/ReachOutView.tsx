import type { JSX } from 'react';
import { usePageTitle } from '../shell/usePageTitle';
import { CheckInList } from './CheckInList';
import { DatesList } from './DatesList';
import { FollowUpList } from './FollowUpList';
import { ReminderSettings } from './ReminderSettings';
import { useUndoStatus } from './UndoStatus';
import { useReachOut, useToday } from './useReachOut';

/**
 * Reach out, the home of reminders: who you meant to check in with, the days that matter to
 * them, and what you said you'd do. Computed from the workspace alone (no page doc opens).
 */
export function ReachOutView(): JSX.Element {
  usePageTitle('Reach out');
  const day = useToday();
  const reach = useReachOut();
  // What the last action did, read out politely (a row that disappears says nothing itself),
  // with Undo for a few seconds.
  const { announce, status } = useUndoStatus();
  const nothing = reach.checkIns.length + reach.dates.length + reach.followUps.length === 0;

  return (
    <section className="page reach-out" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">
          Reach out
          {reach.dueTodayCount > 0 && <span className="count reach-count"> · {reach.dueTodayCount} due today</span>}
        </h1>
        <p className="muted reach-intro">People you’d like to stay close to, the days that matter to them, and what you said you’d do.</p>
      </header>
      {status}
      {nothing ? (
        <p className="empty">
          Nothing to reach out about today. Set ‘check in every…’ on someone’s page, add their birthday, or write a checklist item
          that mentions them.
        </p>
      ) : (
        <>
          <CheckInList items={reach.checkIns} today={day} announce={announce} />
          <DatesList items={reach.dates} announce={announce} />
          <FollowUpList items={reach.followUps} today={day} announce={announce} />
        </>
      )}
      <ReminderSettings />
    </section>
  );
}
