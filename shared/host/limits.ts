/**
 * The host contract's limits and constants as plain values, apart from the slices' zod schemas:
 * a window imports these (part sizes, name lengths) without building every schema of the
 * contract at start-up (that was ~30 ms of the first main-thread task). The slices re-export them.
 */

// data
export const DATA_NAME_MAX = 120;
export const DATA_KEEP_MAX = 365;
/** Raw bytes per upload part (base64 is 4/3 larger, well under a 1 MiB frame). */
export const DATA_PART_BYTES = 512 * 1024;
/** The largest backup the browser build accepts by upload (a 10k-page journal is ~50 MB). */
export const DATA_UPLOAD_MAX_BYTES = 1024 * 1024 * 1024;
export const DATA_MAX_PARTS = Math.ceil(DATA_UPLOAD_MAX_BYTES / DATA_PART_BYTES);

// sync
export const DEVICE_NAME_MAX = 64;
export const PAIRING_CODE_MAX = 512;

// replica
/** Page ids (`day-2026-11-30`, `note-…`, `person-…`) and the workspace doc id. */
export const DOC_ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
/** Raw bytes per part; base64 makes it 4/3 larger, still well under a 1 MiB frame. */
export const REPLICA_PART_BYTES = 512 * 1024;
/** Largest update (all parts together) the store accepts. */
export const MAX_UPDATE_BYTES = 64 * 1024 * 1024;
export const MAX_PARTS = Math.ceil(MAX_UPDATE_BYTES / REPLICA_PART_BYTES);

// contacts
export const CONTACTS_MAX_FILES = 20;
export const CONTACTS_FILE_MAX_BYTES = 8 * 1024 * 1024;
export const CONTACTS_TOTAL_MAX_BYTES = 16 * 1024 * 1024;
export const CONTACTS_FILE_NAME_MAX = 255;
/** Raw bytes per upload part (base64 makes it 4/3 larger, well under a 1 MiB frame). */
export const CONTACTS_PART_BYTES = 512 * 1024;
export const CONTACTS_MAX_PARTS = Math.ceil(CONTACTS_FILE_MAX_BYTES / CONTACTS_PART_BYTES);
/** Files whose raw bytes together stay under this go inline in `contacts.preview`. */
export const CONTACTS_INLINE_BYTES = 512 * 1024;
export const PREVIEW_TTL_MS = 10 * 60_000;
