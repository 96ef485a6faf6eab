import type { JSX } from 'react';

/**
 * A person's name as text on screen: isolated (<bdi>), so a right-to-left name — or one that
 * still carries a direction override synced from an older version — never reorders the text
 * around it ("Call ‮Bob today" must not read backwards). Long names wrap (styles.css: .name).
 */
export function Name({ children }: { children: string }): JSX.Element {
  return <bdi className="name">{children}</bdi>;
}

/** Names joined with ", ", each isolated. */
export function NameList({ names }: { names: readonly string[] }): JSX.Element {
  return (
    <>
      {names.map((n, i) => (
        <span key={i}>
          {i > 0 && ', '}
          <Name>{n}</Name>
        </span>
      ))}
    </>
  );
}
