import { describe, expect, it } from 'vitest';
import { appOrigins, checkSender, devServerOrigin, isAllowedUrl, originOf } from './trust';

describe('originOf', () => {
  it('gives Chromium-style origins, including for the custom scheme', () => {
    expect(originOf('kindred://app/index.html?x#y')).toBe('kindred://app');
    expect(originOf('KINDRED://APP/')).toBe('kindred://app');
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
  });

  it('has no origin for opaque or broken URLs', () => {
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('data:text/html,hi')).toBeNull();
    expect(originOf('javascript:alert(1)')).toBeNull();
    expect(originOf('::')).toBeNull();
  });
});

describe('appOrigins', () => {
  it('is only the app origin when packaged, whatever the environment says', () => {
    expect(appOrigins('http://localhost:5173', true)).toEqual(['kindred://app']);
    expect(appOrigins(undefined, false)).toEqual(['kindred://app']);
  });

  it('adds a loopback dev server when unpackaged', () => {
    expect(appOrigins('http://localhost:5173/', false)).toEqual(['kindred://app', 'http://localhost:5173']);
  });

  it('ignores a dev server URL that is not loopback http(s)', () => {
    expect(devServerOrigin('https://evil.example/')).toBeNull();
    expect(devServerOrigin('file:///tmp/index.html')).toBeNull();
    expect(devServerOrigin('http://127.0.0.1:5173')).toBe('http://127.0.0.1:5173');
    expect(appOrigins('http://192.168.1.5:5173', false)).toEqual(['kindred://app']);
  });
});

describe('isAllowedUrl', () => {
  const allowed = ['kindred://app'];
  it('allows the app pages only', () => {
    expect(isAllowedUrl('kindred://app/people', allowed)).toBe(true);
    expect(isAllowedUrl('kindred://app.evil/', allowed)).toBe(false);
    expect(isAllowedUrl('kindred://other/', allowed)).toBe(false);
    expect(isAllowedUrl('https://example.com/', allowed)).toBe(false);
    expect(isAllowedUrl('file:///etc/passwd', allowed)).toBe(false);
  });
});

describe('checkSender', () => {
  const allowed = ['kindred://app'];
  const good = { frameUrl: 'kindred://app/', isMainFrame: true, isOurWindow: true };

  it('accepts the main frame of our window on the app origin', () => {
    expect(checkSender(good, allowed)).toBeNull();
  });

  it.each([
    ['a destroyed frame', { ...good, frameUrl: null }],
    ['a foreign window', { ...good, isOurWindow: false }],
    ['an iframe', { ...good, isMainFrame: false }],
    ['a foreign origin', { ...good, frameUrl: 'https://example.com/' }],
    ['about:blank', { ...good, frameUrl: 'about:blank' }],
  ])('refuses %s as unauthorized', (_label, sender) => {
    expect(checkSender(sender, allowed)?.code).toBe('unauthorized');
  });
});
