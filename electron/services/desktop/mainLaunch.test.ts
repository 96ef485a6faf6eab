import { describe, expect, it } from 'vitest';
import { launchAction } from './mainLaunch';
import { launchArgsFromAdditionalData, parseLaunchArgs } from './secondInstance';

describe('launchAction', () => {
  it('a plain launch (or relaunch) shows the main window', () => {
    expect(launchAction(parseLaunchArgs(['/opt/Kindred/kindred']))).toBe('show-main');
  });

  it('`kindred --capture` opens capture only, even combined with --background', () => {
    expect(launchAction(parseLaunchArgs(['/opt/Kindred/kindred', '--capture']))).toBe('capture');
    expect(launchAction(parseLaunchArgs(['kindred', '--background', '--capture']))).toBe('capture');
  });

  it('a login launch (--background) shows nothing', () => {
    expect(launchAction(parseLaunchArgs(['kindred', '--background']))).toBe('none');
  });

  it('a second launch’s additionalData is read the same way as its argv', () => {
    const handed = launchArgsFromAdditionalData({ capture: true, background: false });
    expect(handed).not.toBeNull();
    expect(launchAction(handed!)).toBe('capture');
  });
});
