import type { JSX, ReactNode } from 'react';

/** One line of the "About …" panel: a short label on the left, the field on the right. */
export function CareRow({ label, children }: { label: ReactNode; children: ReactNode }): JSX.Element {
  return (
    <div className="care-row">
      <div className="care-row-label">{label}</div>
      <div className="care-row-body">{children}</div>
    </div>
  );
}
