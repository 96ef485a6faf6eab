import { useState, type JSX } from 'react';
import type { PeerDeviceView, SyncStatusView } from '../../../shared/host/slices/sync';
import { RemoveDeviceDialog } from './RemoveDeviceDialog';
import { lastSyncedText, viaText } from './syncText';

/**
 * The devices paired with this one: name, fingerprint, how it is doing in the host's own words,
 * when it last synced, and "Remove" (asked first, in a dialog).
 */
export function DeviceList({
  devices,
  now,
  onChanged,
  focusList,
}: {
  devices: readonly PeerDeviceView[];
  now: number;
  onChanged(view: SyncStatusView): void;
  /** Where focus goes when the removed device's row (and its button) is gone. */
  focusList(): void;
}): JSX.Element {
  const [removing, setRemoving] = useState<Pick<PeerDeviceView, 'deviceId' | 'name'> | null>(null);
  return (
    <>
      <ul className="device-list">
        {devices.map((d) => {
          const synced = lastSyncedText(d.lastSyncedAt, now);
          const via = viaText(d.via);
          return (
            <li key={d.deviceId} className="device-row" data-status={d.status}>
              <div className="device-main">
                <span className="device-name">
                  <bdi>{d.name}</bdi>
                </span>
                {d.fingerprint && (
                  <span className="device-fp">
                    <span className="visually-hidden">Fingerprint </span>
                    <code className="fingerprint">{d.fingerprint}</code>
                  </span>
                )}
                <span className="device-meta">
                  <span className="device-status" data-status={d.status}>
                    {d.statusText}
                  </span>
                  {via && <span>{via}</span>}
                  {synced && <span>{synced}</span>}
                </span>
              </div>
              <button type="button" className="device-remove" onClick={() => setRemoving({ deviceId: d.deviceId, name: d.name })}>
                Remove<span className="visually-hidden"> {d.name}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {removing && (
        <RemoveDeviceDialog device={removing} fallbackFocus={focusList} onRemoved={onChanged} onClose={() => setRemoving(null)} />
      )}
    </>
  );
}
