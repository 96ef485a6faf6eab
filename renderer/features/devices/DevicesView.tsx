import { useEffect, useRef, useState, type JSX } from 'react';
import { useServices } from '../../state/AppServices';
import { usePageTitle } from '../shell/usePageTitle';
import { DeviceList } from './DeviceList';
import { PauseSync } from './PauseSync';
import { JoinForm } from './JoinForm';
import { PairingPanel } from './PairingPanel';
import { followPairing, isActivePairing, pairingAt, type FollowedPairing } from './syncModel';
import { plainError, removedNoticeText, withPeriod } from './syncText';
import { ThisDevice } from './ThisDevice';
import { useNow } from './useNow';
import { useSyncStatus } from './useSyncStatus';

type Panel = 'none' | 'pair' | 'join';

/**
 * Settings → Devices: this device's name and fingerprint, the devices it syncs with, and the two
 * ways to pair (show an invite here, or use one from the other device). Everything shown comes
 * from the host's `sync.status` / `sync.statusChanged`; this page only asks.
 */
export function DevicesView(): JSX.Element {
  usePageTitle('Devices');
  const { host, now: clock } = useServices();
  const sync = useSyncStatus();
  const view = sync.view;
  const [panel, setPanel] = useState<Panel>('none');
  const [followed, setFollowed] = useState<FollowedPairing | null>(null);
  const [creating, setCreating] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [pairError, setPairError] = useState<string | null>(null);
  // Cancel pressed before the host answered with the invite: cancel it as soon as it arrives.
  const dropCreated = useRef(false);
  const droppedIds = useRef(new Set<string>());

  const panelHeading = useRef<HTMLHeadingElement>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const pairButton = useRef<HTMLButtonElement>(null);
  const joinButton = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<'panel' | 'pair' | 'join' | null>(null);
  useEffect(() => {
    const target = focusNext.current;
    focusNext.current = null;
    if (target === 'panel') panelHeading.current?.focus();
    else if (target === 'pair') pairButton.current?.focus();
    else if (target === 'join') joinButton.current?.focus();
  }, [panel]);

  // Follow the invite through the host's status (connecting, paired…); show one made elsewhere.
  useEffect(() => {
    // An invite cancelled while it was being made is not adopted when its first event arrives.
    if (!view) return;
    setFollowed((f) => {
      const next = followPairing(f, view, clock().getTime());
      const dropped = next !== null && f === null && (dropCreated.current || droppedIds.current.has(next.view.pairingId));
      return dropped ? null : next;
    });
  }, [view, clock]);
  const following = followed !== null && isActivePairing(followed.view.state);
  useEffect(() => {
    if (following && panel === 'none') setPanel('pair');
  }, [following, panel]);

  const now = useNow(panel === 'pair' && following ? 1000 : 30_000);
  const pairing = followed ? pairingAt(followed.view, now) : null;

  const open = (next: Panel): void => {
    focusNext.current = 'panel';
    setPanel(next);
  };
  const close = (): void => {
    focusNext.current = panel === 'join' ? 'join' : 'pair';
    setPanel('none');
    setFollowed(null);
    setPairError(null);
  };

  const create = (): void => {
    // "Make a new invite" leaves with its panel state: focus the panel's heading instead.
    if (panel === 'pair') panelHeading.current?.focus();
    else open('pair');
    setFollowed(null);
    setPairError(null);
    setCreating(true);
    dropCreated.current = false;
    const known = view?.devices.map((d) => d.deviceId) ?? [];
    host
      .request('sync.pair.create', {})
      .then((created) => {
        if (dropCreated.current) {
          dropCreated.current = false;
          droppedIds.current.add(created.pairingId);
          host.request('sync.pair.cancel', { pairingId: created.pairingId }).then(sync.accept, () => undefined);
          return;
        }
        // An event may already have brought this invite further along: keep the newer one.
        setFollowed((f) => (f && f.view.pairingId === created.pairingId ? f : { view: created, knownDeviceIds: known }));
      })
      .catch((err: unknown) => {
        if (!dropCreated.current) setPairError(`Couldn’t make an invite: ${plainError(err)}`);
      })
      .finally(() => setCreating(false));
  };

  const cancel = (): void => {
    if (cancelling) return;
    if (creating) {
      dropCreated.current = true;
      close();
      return;
    }
    if (!followed || !isActivePairing(followed.view.state)) return close();
    setCancelling(true);
    setPairError(null);
    host
      .request('sync.pair.cancel', { pairingId: followed.view.pairingId })
      .then((next) => {
        sync.accept(next);
        close();
      })
      .catch((err: unknown) => setPairError(`Couldn’t cancel the invite: ${plainError(err)}`))
      .finally(() => setCancelling(false));
  };

  const actions = (
    <div className="devices-actions">
      <button ref={pairButton} type="button" className="primary" onClick={create}>
        Pair a new device
      </button>
      <button ref={joinButton} type="button" onClick={() => open('join')}>
        Join with an invite
      </button>
    </div>
  );

  return (
    <section className="page devices" aria-labelledby="page-title">
      <header className="page-header">
        <p className="eyebrow">
          <a href="#/settings">Settings</a>
        </p>
        <h1 id="page-title">Devices</h1>
        <p className="muted">Keep the same journal on your own devices. They talk to each other directly, encrypted — no account, no cloud.</p>
      </header>
      {!view &&
        (sync.error ? (
          <p className="empty">Sync isn’t available right now. {sync.error}</p>
        ) : (
          <p className="muted" role="status">
            Looking for your devices…
          </p>
        ))}
      {view && (
        <>
          {view.removed && <p className="devices-notice">{removedNoticeText(view.removed)}</p>}
          {view.lastError && view.enabled && <p className="devices-problem">{withPeriod(view.lastError)}</p>}
          <ThisDevice device={view.thisDevice} onSaved={sync.accept} />
          <section className="devices-section" aria-labelledby="devices-paired-heading">
            <h2 id="devices-paired-heading" ref={listHeading} tabIndex={-1}>
              Paired devices
            </h2>
            {!view.enabled ? (
              <div className="empty devices-empty">
                <p>
                  Sync is off. Your journal is only on this device. Pair another device to keep the same journal on both — no account,
                  no cloud.
                </p>
                {panel === 'none' && actions}
              </div>
            ) : (
              <>
                {view.devices.length === 0 ? (
                  <p className="muted">No other device is paired right now.</p>
                ) : (
                  <DeviceList devices={view.devices} now={now} onChanged={sync.accept} focusList={() => listHeading.current?.focus()} />
                )}
                <PauseSync paused={view.paused === true} onChanged={sync.accept} />
                {panel === 'none' && actions}
              </>
            )}
          </section>
          {panel === 'pair' && (
            <PairingPanel
              pairing={pairing}
              now={now}
              creating={creating}
              error={pairError}
              cancelling={cancelling}
              headingRef={panelHeading}
              onCancel={cancel}
              onNew={create}
              onClose={close}
            />
          )}
          {panel === 'join' && <JoinForm headingRef={panelHeading} onClose={close} />}
        </>
      )}
    </section>
  );
}
