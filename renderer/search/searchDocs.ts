/** Moved to shared/search/searchDocs.ts (the host's search index titles pages the same way). */
export { pageTitle, switcherItems, toSearchDoc } from '../../shared/search/searchDocs';
