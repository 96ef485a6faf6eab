import { useEffect, useState } from 'react';
import { scheduleAtEachMidnight } from '../../shared/domain/midnight';
import { today } from './actions';
import { useServices } from './AppServices';

/**
 * Today's date (YYYY-MM-DD by the host's clock), re-rendering at each local midnight, so "Today"
 * rolls over to the new day while the app stays open (also after a sleep: the scheduler wakes at
 * least once a minute and compares dates).
 */
export function useToday(): string {
  const services = useServices();
  const [day, setDay] = useState(() => today(services));
  useEffect(() => {
    setDay(today(services));
    return scheduleAtEachMidnight(setDay, { now: () => services.now() });
  }, [services]);
  return day;
}
