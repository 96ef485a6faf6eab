import { useEffect, useState, type JSX } from 'react';
import { useServices } from '../../state/AppServices';

interface Banner {
  id: number;
  title: string;
  body: string;
  tag?: string;
}

/**
 * In-app notifications: the web host has no native notifications, so it asks the page to
 * show them here. Each stays until dismissed.
 */
export function Banners(): JSX.Element | null {
  const { host } = useServices();
  const [banners, setBanners] = useState<Banner[]>([]);
  useEffect(() => {
    let next = 1;
    return host.subscribe('notification.bannerRequested', (n) => {
      setBanners((b) => [...b, { id: next++, ...n }]);
    });
  }, [host]);
  if (banners.length === 0) return null;
  return (
    <div className="banners">
      {banners.map((b) => (
        <div key={b.id} className="banner" role="status">
          <strong>{b.title}</strong> <span>{b.body}</span>
          <button
            type="button"
            aria-label={`Dismiss “${b.title}”`}
            onClick={() => setBanners((all) => all.filter((x) => x.id !== b.id))}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
