/**
 * `kindred/sync/1` (docs/sync-protocol.md): one protomux channel per authenticated stream, the
 * store's change log exchanged by cursor, then live changes.
 */
export { openSyncSession } from './session';
export { createCursorBook } from './cursorBook';
export {
  SYNC_PROTOCOL, SYNC_PROTOCOL_VERSION, SYNC_MIN_PROTOCOL_VERSION, MAX_MESSAGE_BYTES, MAX_CHANGES_BYTES, MAX_PART_BYTES,
  MAX_UPDATE_HEADER_BYTES, MAX_DOC_UPDATE_BYTES, MAX_PARTS, MAX_WANT_ENTRIES, MAX_STATE_VECTOR_BYTES, MAX_HANDSHAKE_BYTES,
  WIRE_DOC_ID_PATTERN, DEFAULT_LIVE_DEBOUNCE_MS,
} from './constants';
