/**
 * Moved to shared/domain/accelerator.ts (issue 12, settings work): the renderer's key recorder
 * needs the same key-event → accelerator mapping and display, and renderer/ cannot import
 * electron/. This re-export keeps every import from './accelerator' working; edit the shared file.
 */
export * from '../../../shared/domain/accelerator';
