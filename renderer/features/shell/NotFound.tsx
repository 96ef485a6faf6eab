import type { JSX } from 'react';
import { routeHref } from '../../router/routes';

export function NotFound({ what = 'page' }: { what?: string }): JSX.Element {
  return (
    <article className="page" aria-labelledby="page-title">
      <h1 id="page-title">Nothing here</h1>
      <p className="empty">
        This {what} isn’t on this device. It may have been removed, or it lives on another of your devices that hasn’t
        synced yet. <a href={routeHref({ name: 'today' })}>Go to today’s entry</a>.
      </p>
    </article>
  );
}
