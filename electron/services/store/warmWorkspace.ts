import { WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import type { JournalStore } from './types';

/**
 * Every window opens the workspace doc first. At 50,000 pages it is 10 MB in several records:
 * merging them and computing a window's diff took ~1 s of the host's only thread, and the page a
 * window opened next waited behind it. Started in the background as the host opens its store
 * (a window takes a few hundred ms to ask), so the store has the merged update and the diff for
 * a current window ready (mergedUpdates.ts). Failures are the window's to meet, not this.
 */
export async function warmWorkspace(store: JournalStore): Promise<void> {
  try {
    await store.getUpdate(WORKSPACE_DOC_ID);
    await store.diff(WORKSPACE_DOC_ID, await store.stateVector(WORKSPACE_DOC_ID));
  } catch {
    // The window's own open reports what is wrong.
  }
}
