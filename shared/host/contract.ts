/**
 * The one typed contract between the renderer and its host (Electron main, or the Node web host).
 *
 * Requests are dotted names mapped to JSON-safe params and results; events are past-tense names
 * mapped to JSON-safe payloads. Later issues add slices (sync, capture, files) by extending
 * these maps; every host must then implement the new requests (checked at compile time by
 * `HostHandlers`).
 */

/** Bumped whenever a request or event changes shape; checked when a client connects. */
export const HOST_PROTOCOL_VERSION = 4;

import type { DerivedEvents, DerivedRequests } from './slices/derived';
import type { MigrationEvents, MigrationRequests } from './slices/migration';
import type { ReplicaEvents, ReplicaRequests } from './slices/replica';
import type { SyncEvents, SyncRequests } from './slices/sync';
import type { CaptureEvents, CaptureRequests } from './slices/capture';
import type { SettingsEvents, SettingsRequests } from './slices/settings';
import type { ContactsEvents, ContactsRequests } from './slices/contacts';
import type { PeopleEvents, PeopleRequests } from './slices/people';
import type { DataEvents, DataRequests } from './slices/data';
import type { TrashEvents, TrashRequests } from './slices/trash';
import type { SearchEvents, SearchRequests } from './slices/search';

export type HostKind = 'electron' | 'web';

export interface AppInfo {
  name: string;
  version: string;
  /** `process.platform` of the host machine (linux, darwin, win32…). */
  platform: string;
  host: HostKind;
  protocolVersion: number;
  /** The host's clock (ms since the epoch). The renderer keeps time by it, so the host owns "now". */
  now: number;
}

export type NotificationDelivery = 'native' | 'banner';

/** The app slice: host facts, links, notifications, window lifecycle. */
export interface AppRequests {
  'app.info': { params: Record<string, never>; result: AppInfo };
  /** Opens an http(s) or mailto link in the OS browser/mail app; anything else is refused. */
  'shell.openExternal': { params: { url: string }; result: { opened: true } };
  /** A native notification where the host has one; the web host asks the page for a banner. */
  'notification.show': {
    params: { title: string; body: string; tag?: string };
    result: { delivery: NotificationDelivery };
  };
  /** The renderer has flushed its storage after `window.closeRequested`; the host may close. */
  'window.readyToClose': { params: Record<string, never>; result: { ok: true } };
}

export interface AppEvents {
  /** The user clicked a notification (native or banner). */
  'notification.clicked': { tag?: string };
  /** Web host only: show this notification as an in-app banner. */
  'notification.bannerRequested': { title: string; body: string; tag?: string };
  /** The window is about to close: flush pending writes, then send `window.readyToClose`. */
  'window.closeRequested': Record<string, never>;
}

/**
 * Request name → params and result, composed from per-domain slices (shared/host/slices).
 * Keep every value JSON-safe: no Date, bytes as base64.
 */
export type HostRequests = AppRequests & ReplicaRequests & DerivedRequests & MigrationRequests & SyncRequests & CaptureRequests & SettingsRequests & ContactsRequests & DataRequests & PeopleRequests & TrashRequests & SearchRequests;
/** Event name → payload, host to renderer. */
export type HostEvents = AppEvents & ReplicaEvents & DerivedEvents & MigrationEvents & SyncEvents & CaptureEvents & SettingsEvents & ContactsEvents & DataEvents & PeopleEvents & TrashEvents & SearchEvents;

export type HostMethod = keyof HostRequests;
export type HostEventName = keyof HostEvents;
export type ParamsOf<M extends HostMethod> = HostRequests[M]['params'];
export type ResultOf<M extends HostMethod> = HostRequests[M]['result'];

/** What the renderer holds: the only way it reaches its host. */
export interface HostClient {
  request<M extends HostMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  subscribe<E extends HostEventName>(event: E, listener: (payload: HostEvents[E]) => void): () => void;
}

/** Context a handler gets about the caller (used e.g. to reply to the right window). */
export interface CallContext {
  /** Stable id of the calling window/connection within this host run. */
  clientId: string;
}

/** What every host implements. A missing request is a compile error. */
export type HostHandlers = {
  [M in HostMethod]: (params: ParamsOf<M>, ctx: CallContext) => Promise<ResultOf<M>>;
};
