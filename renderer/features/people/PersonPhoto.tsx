import { useEffect, useState, type JSX } from 'react';
import type * as Y from 'yjs';
import { readPersonPhoto } from '../../../shared/pages/personPhoto';
import { useServices } from '../../state/AppServices';

/**
 * The person's photo (from an imported vCard), a 96 px circle at the top of their page. It is
 * read from the person's own page doc — the one their page's editor opens anyway — so no list
 * ever loads a photo. Shown as a blob: URL made from the stored bytes (the CSP allows blob:
 * images), revoked when the photo changes or the page closes. Nothing is shown without a photo.
 */
export function PersonPhoto({ personId, name }: { personId: string; name: string }): JSX.Element | null {
  const { docs } = useServices();
  const [url, setUrl] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let current: string | null = null;
    let shownKey = '';
    const show = (doc: Y.Doc): void => {
      if (cancelled) return;
      const photo = readPersonPhoto(doc);
      const key = photo ? `${photo.hash}:${photo.bytes.length}` : '';
      if (key === shownKey) return; // every keystroke on the page lands here: only a new photo re-renders
      shownKey = key;
      if (current) URL.revokeObjectURL(current);
      current = photo ? URL.createObjectURL(new Blob([new Uint8Array(photo.bytes)], { type: photo.mime })) : null;
      setUrl(current);
    };
    // Imports and other windows change the photo while the page is open: follow the live doc.
    const off = docs.subscribeUpdates((pageId, _update, _origin, doc) => {
      if (pageId === personId) show(doc);
    });
    docs.loadDoc(personId).then(show, () => undefined); // a page that cannot load shows no photo
    return () => {
      cancelled = true;
      off();
      if (current) URL.revokeObjectURL(current);
    };
  }, [docs, personId]);

  if (!url) return null;
  return <img className="person-photo" src={url} alt={`Photo of ${name}`} width={96} height={96} style={{ borderRadius: '50%', objectFit: 'cover' }} />;
}
