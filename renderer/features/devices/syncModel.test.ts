import { describe, expect, it } from 'vitest';
import type { PairingView, PeerDeviceView, SyncStatusView } from '../../../shared/host/slices/sync';
import { followPairing, isActivePairing, isEndedPairing, isSyncStatusView, pairingAt, pairingMessage, type FollowedPairing } from './syncModel';

const NOW = Date.UTC(2026, 10, 30, 12);

function pairing(over: Partial<PairingView> = {}): PairingView {
  return {
    pairingId: 'pair0001',
    invite: 'kindred1-invite-text',
    shortCode: '4821-ember-tulip-quiet-otter',
    expiresAt: NOW + 5 * 60_000,
    state: 'waiting',
    message: 'Waiting for your other device…',
    device: null,
    ...over,
  };
}

function peer(deviceId: string, name: string): PeerDeviceView {
  return {
    deviceId,
    name,
    fingerprint: `FP-${deviceId}`,
    status: 'up_to_date',
    statusText: 'Up to date',
    lastSyncedAt: null,
    pending: 0,
    via: null,
  };
}

function status(over: Partial<SyncStatusView> = {}): SyncStatusView {
  return {
    enabled: true,
    paused: false,
    thisDevice: { deviceId: 'dev00001', name: 'Desktop', fingerprint: 'K7QM-2XPA' },
    devices: [],
    summary: { kind: 'up_to_date', text: 'Up to date' },
    removed: null,
    pairing: null,
    lastError: null,
    ...over,
  };
}

describe('isSyncStatusView', () => {
  it('accepts the contract’s shape', () => {
    expect(isSyncStatusView(status())).toBe(true);
    expect(isSyncStatusView(status({ enabled: false, summary: { kind: 'off', text: 'Sync is off' } }))).toBe(true);
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'Up to date'],
    ['no summary', { ...status(), summary: undefined }],
    ['summary without text', { ...status(), summary: { kind: 'off' } }],
    ['devices not a list', { ...status(), devices: {} }],
    ['enabled as a string', { ...status(), enabled: 'yes' }],
    ['no thisDevice', { ...status(), thisDevice: null }],
  ])('refuses %s', (_what, value) => {
    expect(isSyncStatusView(value)).toBe(false);
  });
});

describe('pairing states', () => {
  it('splits states into active, ended and paired', () => {
    expect(['waiting', 'connecting'].every((s) => isActivePairing(s as PairingView['state']))).toBe(true);
    expect(['expired', 'used_up', 'cancelled', 'failed'].every((s) => isEndedPairing(s as PairingView['state']))).toBe(true);
    expect(isActivePairing('paired') || isEndedPairing('paired')).toBe(false);
  });
});

describe('followPairing', () => {
  const followed: FollowedPairing = { view: pairing(), knownDeviceIds: ['old00001'] };

  it('takes the host’s view of the same invite as it moves on', () => {
    const next = followPairing(followed, status({ pairing: pairing({ state: 'connecting', message: 'Connecting…' }) }), NOW);
    expect(next?.view.state).toBe('connecting');
    expect(next?.knownDeviceIds).toEqual(['old00001']);
    const done = followPairing(
      next,
      status({ pairing: pairing({ state: 'paired', device: { name: 'Laptop', fingerprint: 'ABCD-EFGH' }, message: 'Paired.' }) }),
      NOW,
    );
    expect(done?.view.state).toBe('paired');
    expect(done && pairingMessage(done.view)).toBe('Paired with Laptop (ABCD-EFGH)');
  });

  it('adopts an active invite made elsewhere, remembering who was already paired', () => {
    const adopted = followPairing(null, status({ pairing: pairing({ pairingId: 'other001' }), devices: [peer('old00001', 'Phone')] }), NOW);
    expect(adopted?.view.pairingId).toBe('other001');
    expect(adopted?.knownDeviceIds).toEqual(['old00001']);
  });

  it('does not bring back an invite that already ended', () => {
    expect(followPairing(null, status({ pairing: pairing({ state: 'expired' }) }), NOW)).toBeNull();
    expect(followPairing(null, status({ pairing: pairing({ state: 'paired' }) }), NOW)).toBeNull();
    // An ended invite with another id does not replace the one followed.
    expect(followPairing(followed, status({ pairing: pairing({ pairingId: 'other001', state: 'cancelled' }) }), NOW)).toBe(followed);
  });

  it('does not adopt an invite whose time is already up', () => {
    expect(followPairing(null, status({ pairing: pairing() }), NOW + 5 * 60_000)).toBeNull();
    // …but keeps following its own one, so the page can say it expired.
    expect(followPairing(followed, status({ pairing: pairing() }), NOW + 5 * 60_000)?.view.pairingId).toBe('pair0001');
  });

  it('switches to a newer active invite', () => {
    const next = followPairing(followed, status({ pairing: pairing({ pairingId: 'newer001' }) }), NOW);
    expect(next?.view.pairingId).toBe('newer001');
  });

  it('keeps following when the host says nothing about it and nobody new is paired', () => {
    expect(followPairing(followed, status({ devices: [peer('old00001', 'Phone')] }), NOW)).toBe(followed);
    expect(followPairing(null, status(), NOW)).toBeNull();
  });

  it('recognises the device that used the invite when the host forgets the invite', () => {
    const next = followPairing(followed, status({ devices: [peer('old00001', 'Phone'), peer('new00001', 'Laptop')] }), NOW);
    expect(next?.view.state).toBe('paired');
    expect(next?.view.device).toEqual({ name: 'Laptop', fingerprint: 'FP-new00001' });
    expect(next && pairingMessage(next.view)).toBe('Paired with Laptop (FP-new00001)');
  });

  it('does not invent a pairing for an invite that had already ended', () => {
    const ended: FollowedPairing = { view: pairing({ state: 'expired' }), knownDeviceIds: [] };
    expect(followPairing(ended, status({ devices: [peer('new00001', 'Laptop')] }), NOW)).toBe(ended);
  });
});

describe('pairingAt', () => {
  it('reads a waiting invite as expired once its time is up, without the host', () => {
    expect(pairingAt(pairing(), NOW).state).toBe('waiting');
    const late = pairingAt(pairing(), NOW + 5 * 60_000);
    expect(late.state).toBe('expired');
    expect(pairingMessage(late)).toBe('This invite has expired.');
  });

  it('leaves other states to the host (a device already connecting may finish)', () => {
    expect(pairingAt(pairing({ state: 'connecting' }), NOW + 10 * 60_000).state).toBe('connecting');
    expect(pairingAt(pairing({ state: 'used_up' }), NOW + 10 * 60_000).state).toBe('used_up');
  });
});

describe('pairingMessage', () => {
  it('uses the host’s words when it has some, and plain defaults otherwise', () => {
    expect(pairingMessage(pairing({ message: 'Three wrong codes: this invite is used up.', state: 'used_up' }))).toBe(
      'Three wrong codes: this invite is used up.',
    );
    expect(pairingMessage(pairing({ message: '', state: 'waiting' }))).toBe('Waiting for your other device…');
    expect(pairingMessage(pairing({ message: ' ', state: 'used_up' }))).toBe('This invite can’t be used any more.');
    expect(pairingMessage(pairing({ message: '', state: 'paired', device: null }))).toBe('Paired.');
  });
});
