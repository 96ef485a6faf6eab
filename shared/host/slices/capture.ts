import { z } from 'zod';

/**
 * `capture.*`: the quick-capture window (issue 12). The capture window is one more replica of
 * the store (it saves through `replica.*` like any window); this slice only keeps its draft on
 * the host's disk — so a draft survives a reload, a restart and a crash of the window — and lets
 * the window ask to be hidden.
 */

/** Largest draft kept (the Lexical editor state as JSON text, in UTF-16 code units). */
export const CAPTURE_DRAFT_MAX_CHARS = 2 * 1024 * 1024;

/** What the capture becomes: a conversation note dated now, or the end of today's journal entry. */
export type CaptureMode = 'note' | 'today';

/** The draft as the host keeps it (same shape as electron/services/desktop/drafts.ts). */
export interface CaptureDraft {
  version: 1;
  /** Lexical's serialized editor state (`JSON.stringify(editorState.toJSON())`). */
  editorState: string;
  mode: CaptureMode;
  /** Host or window clock, ms: when it was last changed. */
  updatedAt: number;
}

export interface CaptureRequests {
  /** The kept draft, or null when there is none (or it could not be read). */
  'capture.draft.get': { params: Record<string, never>; result: { draft: CaptureDraft | null } };
  /** Keeps the draft on disk (replacing the previous one). */
  'capture.draft.save': { params: { draft: CaptureDraft }; result: { saved: true } };
  /** Forgets the draft (after the capture is saved in the store). */
  'capture.draft.clear': { params: Record<string, never>; result: { cleared: true } };
  /** Hides the calling capture window; `hidden: false` where a host cannot (the web host). */
  'capture.hide': { params: Record<string, never>; result: { hidden: boolean } };
}

export interface CaptureEvents {
  /** The capture window was shown (hotkey, tray, menu, `--capture`): focus the editor. */
  'capture.shown': Record<string, never>;
}

const empty = z.object({}).strict();

/** A serialized Lexical editor state: JSON whose `root` is an object. */
const editorStateSchema = z
  .string()
  .max(CAPTURE_DRAFT_MAX_CHARS, `A capture draft may be at most ${CAPTURE_DRAFT_MAX_CHARS} characters.`)
  .refine(isEditorStateJson, 'The draft is not a Lexical editor state (JSON with a "root" object).');

export const captureDraftSchema: z.ZodType<CaptureDraft> = z
  .object({
    version: z.literal(1),
    editorState: editorStateSchema,
    mode: z.enum(['note', 'today']),
    updatedAt: z.number().int().nonnegative(),
  })
  .strict();

export const captureRequestSchemas = {
  'capture.draft.get': empty,
  'capture.draft.save': z.object({ draft: captureDraftSchema }).strict(),
  'capture.draft.clear': empty,
  'capture.hide': empty,
} satisfies Record<string, z.ZodType>;

export const captureEventSchemas = {
  'capture.shown': empty,
} satisfies Record<string, z.ZodType>;

function isEditorStateJson(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return false;
    const root = (parsed as { root?: unknown }).root;
    return typeof root === 'object' && root !== null && !Array.isArray(root);
  } catch {
    return false;
  }
}
