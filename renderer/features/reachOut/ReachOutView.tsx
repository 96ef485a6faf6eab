import type { JSX } from 'react';
import { usePageTitle } from '../shell/usePageTitle';

/** Placeholder: replaced by the Reach out view. */
export function ReachOutView(): JSX.Element {
  usePageTitle('Reach out');
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Reach out</h1>
    </section>
  );
}
