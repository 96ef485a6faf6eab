import { useCallback, useEffect, useState, type JSX } from 'react';
import { currentJournalPageId } from '../shared/domain/workspace';
import { ConversationPage } from './features/journal/ConversationPage';
import { DevicesView } from './features/devices/DevicesView';
import { DataView } from './features/data/DataView';
import { SettingsView } from './features/settings/SettingsView';
import { useAppCommands } from './features/settings/useAppCommands';
import { DayPage } from './features/journal/DayPage';
import { JournalView } from './features/journal/JournalView';
import { PeopleView } from './features/people/PeopleView';
import { PersonPage } from './features/people/PersonPage';
import { ReachOutView } from './features/reachOut/ReachOutView';
import { QuickSwitcher } from './features/search/QuickSwitcher';
import { SearchView } from './features/search/SearchView';
import { useSearchShortcuts } from './features/search/useSearchShortcuts';
import { routePageId } from './router/routes';
import { noteVisited } from './search/recents';
import { Banners } from './features/shell/Banners';
import { NotFound } from './features/shell/NotFound';
import { Sidebar } from './features/shell/Sidebar';
import { TrashView } from './features/trash/TrashView';
import { TrashStatus } from './features/trash/TrashStatus';
import { useHistoryShortcuts, useRoute } from './router/useRoute';
import { useToday } from './state/useToday';
import { useServices } from './state/AppServices';

export function App(): JSX.Element {
  const route = useRoute();
  const { ws } = useServices();
  useHistoryShortcuts();
  const [switcherOpen, setSwitcherOpen] = useState(false);
  const openSwitcher = useCallback(() => setSwitcherOpen(true), []);
  useAppCommands(openSwitcher);
  useSearchShortcuts(openSwitcher);
  const todayDate = useToday();
  const visited = routePageId(route.name === 'today' ? { name: 'day', date: todayDate } : route, (date) => currentJournalPageId(ws, date));
  useEffect(() => {
    if (visited) noteVisited(visited);
  }, [visited]);
  let main: JSX.Element;
  switch (route.name) {
    case 'search':
      main = <SearchView key="search" params={route.params} />;
      break;
    case 'today':
      main = <DayPage date={todayDate} />;
      break;
    case 'day':
      main = <DayPage date={route.date} />;
      break;
    case 'journal':
      main = <JournalView />;
      break;
    case 'reachOut':
      main = <ReachOutView />;
      break;
    case 'people':
      main = <PeopleView />;
      break;
    case 'settings':
      main = <SettingsView />;
      break;
    case 'devices':
      main = <DevicesView />;
      break;
    case 'trash':
      main = <TrashView />;
      break;
    case 'data':
      main = <DataView />;
      break;
    case 'note':
      main = <ConversationPage id={route.id} />;
      break;
    case 'person':
      main = <PersonPage id={route.id} />;
      break;
    default:
      main = <NotFound />;
  }
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar route={route} onOpenSwitcher={() => setSwitcherOpen(true)} />
      <main id="main" tabIndex={-1}>
        <Banners />
        <TrashStatus />
        {main}
      </main>
      {switcherOpen && <QuickSwitcher onClose={() => setSwitcherOpen(false)} />}
    </div>
  );
}
