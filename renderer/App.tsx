import type { JSX } from 'react';
import { ConversationPage } from './features/journal/ConversationPage';
import { DayPage } from './features/journal/DayPage';
import { JournalView } from './features/journal/JournalView';
import { PeopleView } from './features/people/PeopleView';
import { PersonPage } from './features/people/PersonPage';
import { Banners } from './features/shell/Banners';
import { NotFound } from './features/shell/NotFound';
import { Sidebar } from './features/shell/Sidebar';
import { useHistoryShortcuts, useRoute } from './router/useRoute';
import { today } from './state/actions';
import { useServices } from './state/AppServices';

export function App(): JSX.Element {
  const route = useRoute();
  const services = useServices();
  useHistoryShortcuts();
  let main: JSX.Element;
  switch (route.name) {
    case 'today':
      main = <DayPage date={today(services)} />;
      break;
    case 'day':
      main = <DayPage date={route.date} />;
      break;
    case 'journal':
      main = <JournalView />;
      break;
    case 'people':
      main = <PeopleView />;
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
      <Sidebar route={route} />
      <main id="main" tabIndex={-1}>
        <Banners />
        {main}
      </main>
    </div>
  );
}
