/**
 * The channels of the journal process's one port (see journalChild.ts). Kept apart so main can
 * name them without importing what runs in that process (the store, the index, the network).
 */
export const STORE_CHANNEL = 'store';
export const DERIVED_CHANNEL = 'derived';
export const SEARCH_CHANNEL = 'search';
export const SYNC_CHANNEL = 'sync';
export const KEYS_CHANNEL = 'keys';
