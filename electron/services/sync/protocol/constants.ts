/**
 * `kindred/sync/1`: the numbers both ends must agree on (docs/sync-protocol.md, change both
 * together). Caps are checked on every received message before it is decoded.
 */
import { DOC_ID_PATTERN, MAX_UPDATE_BYTES } from '../../store/layout';

export const SYNC_PROTOCOL = 'kindred/sync/1';
/** The protocol version we speak, and the oldest one we still accept from a peer. */
export const SYNC_PROTOCOL_VERSION = 1;
export const SYNC_MIN_PROTOCOL_VERSION = 1;

const KiB = 1024;
const MiB = 1024 * KiB;

/** Any message except `update` (and the channel-open handshake, which is far smaller). */
export const MAX_MESSAGE_BYTES = 1 * MiB;
/** One `changes` chunk (the sender splits listings to fit). */
export const MAX_CHANGES_BYTES = 512 * KiB;
/** The bytes of one `update` part; the whole message may add this much header. */
export const MAX_PART_BYTES = 1 * MiB;
export const MAX_UPDATE_HEADER_BYTES = 1 * KiB;
/** One doc's diff, all parts together (the store's own cap on one update). */
export const MAX_DOC_UPDATE_BYTES = MAX_UPDATE_BYTES;
export const MAX_PARTS = Math.ceil(MAX_DOC_UPDATE_BYTES / MAX_PART_BYTES);
export const MAX_WANT_ENTRIES = 2_000;
export const MAX_STATE_VECTOR_BYTES = 64 * KiB;
export const MAX_HANDSHAKE_BYTES = 4 * KiB;
/** A listed doc's delete-set digest (full listings only): truncated SHA-256. */
export const DS_DIGEST_BYTES = 16;

/** Doc ids on the wire follow the store's own rule (electron/services/store/layout.ts). */
export const WIRE_DOC_ID_PATTERN = DOC_ID_PATTERN;

/** Live changes are listed this long after the first one (batches typing bursts). */
export const DEFAULT_LIVE_DEBOUNCE_MS = 50;
/** After `bye`, the stream is ended gracefully and destroyed at the latest after this. */
export const CLOSE_GRACE_MS = 500;
/** How many docs the sender diffs ahead while answering a `want`. */
export const DIFF_WINDOW = 8;
