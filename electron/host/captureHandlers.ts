import type { HostHandlers } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import type { CaptureRequests } from '../../shared/host/slices/capture';
import type { DraftStore } from '../services/desktop/drafts';

/**
 * `capture.*` handlers (issue 12): the capture window's draft, kept on the host's disk, and
 * hiding the window. Saving a capture itself is not here: the capture window is a replica of the
 * store and writes through `replica.*` like every window.
 */
export type CaptureHandlers = Pick<HostHandlers, keyof CaptureRequests>;

export interface CaptureServices {
  /** The draft file (electron/services/desktop/drafts.ts `createDraftStore(file)`). */
  drafts: DraftStore;
  /** Hides the capture window `clientId` belongs to; false when there is none to hide (web host). */
  hide(clientId: string): Promise<boolean>;
}

export function createCaptureHandlers(services: CaptureServices | undefined): CaptureHandlers {
  const drafts = (): DraftStore => {
    if (!services) throw new HostError('unavailable', 'This Kindred host does not keep capture drafts.');
    return services.drafts;
  };
  return {
    'capture.draft.get': async () => ({ draft: services ? await services.drafts.load() : null }),
    'capture.draft.save': async ({ draft }) => {
      try {
        await drafts().save(draft);
      } catch (err) {
        if (err instanceof HostError) throw err;
        // The draft store's reasons are plain words (too large, malformed, disk): they cross as is.
        throw new HostError('refused', `The draft was not kept: ${err instanceof Error ? err.message : String(err)}`);
      }
      return { saved: true };
    },
    'capture.draft.clear': async () => {
      await drafts().clear();
      return { cleared: true };
    },
    'capture.hide': async (_params, ctx) => ({ hidden: services ? await services.hide(ctx.clientId) : false }),
  };
}
