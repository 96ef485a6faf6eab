import { describe, expect, it } from 'vitest';
import { launchArgsFromAdditionalData, parseLaunchArgs } from './secondInstance';

describe('parseLaunchArgs', () => {
  it('reads nothing from a plain launch', () => {
    expect(parseLaunchArgs(['/opt/Kindred/kindred'])).toEqual({ capture: false, background: false });
    expect(parseLaunchArgs([])).toEqual({ capture: false, background: false });
  });

  it('finds --capture among the executable, the app path and Chromium switches, in any order', () => {
    const argv = ['/usr/lib/electron/electron', '/home/me/kindred', '--allow-file-access-from-files', '--capture', '--original-process-start-time=13385'];
    expect(parseLaunchArgs(argv)).toEqual({ capture: true, background: false });
    expect(parseLaunchArgs(['C:\\Program Files\\Kindred\\Kindred.exe', '--enable-features=X', '--background']).background).toBe(true);
  });

  it('reads --data-dir in both forms and ignores an empty one', () => {
    expect(parseLaunchArgs(['k', '--data-dir=/tmp/a b']).dataDir).toBe('/tmp/a b');
    expect(parseLaunchArgs(['k', '--data-dir', '/tmp/x', '--capture'])).toEqual({ capture: true, background: false, dataDir: '/tmp/x' });
    expect(parseLaunchArgs(['k', '--data-dir=']).dataDir).toBeUndefined();
    expect(parseLaunchArgs(['k', '--data-dir', '--capture'])).toEqual({ capture: true, background: false });
  });

  it('does not match look-alikes or anything after --', () => {
    expect(parseLaunchArgs(['k', '--capture-now', '-capture', 'capture', '--backgrounds'])).toEqual({ capture: false, background: false });
    expect(parseLaunchArgs(['k', '--', '--capture'])).toEqual({ capture: false, background: false });
  });
});

describe('launchArgsFromAdditionalData', () => {
  it('accepts the well-formed object the second instance sends, and nothing else', () => {
    expect(launchArgsFromAdditionalData({ capture: true, background: false })).toEqual({ capture: true, background: false });
    expect(launchArgsFromAdditionalData({ capture: true, background: false, dataDir: '/d' })).toEqual({ capture: true, background: false, dataDir: '/d' });
    expect(launchArgsFromAdditionalData({ capture: 'yes', background: false })).toBeNull();
    expect(launchArgsFromAdditionalData(null)).toBeNull();
    expect(launchArgsFromAdditionalData(undefined)).toBeNull();
  });
});
