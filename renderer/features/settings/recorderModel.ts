import type { AcceleratorResult } from '../../../shared/domain/accelerator';

/**
 * The key recorder's steps, as a pure reducer (the component only adds the host calls):
 *
 *   listening ──valid keys──▶ starting ──registered──▶ testing ──pressed anywhere──▶ works ──Save──▶ saving ──▶ closed
 *       ▲  (bad keys: a hint)      └──refused/failed──▶ refused ──Try another──┘                       └─failed─▶ failed
 *
 * Escape or Cancel from any step closes it and puts the saved shortcut back. Answers that arrive
 * for a shortcut the recorder has moved on from are ignored.
 */

interface Candidate {
  accelerator: string;
  display: string;
}

export type RecorderState =
  | { step: 'closed' }
  | { step: 'listening'; hint: string | null }
  | ({ step: 'starting' } & Candidate)
  | ({ step: 'testing' } & Candidate)
  | ({ step: 'refused'; message: string } & Candidate)
  | ({ step: 'works' } & Candidate)
  | ({ step: 'saving' } & Candidate)
  | ({ step: 'failed'; message: string } & Candidate);

export type RecorderEvent =
  | { type: 'open' }
  /** A key combination pressed in the page while listening, mapped by acceleratorFromKeyEvent. */
  | { type: 'keys'; result: AcceleratorResult }
  /** Go straight to testing a given shortcut (a suggestion button). */
  | { type: 'try'; accelerator: string; display: string }
  | { type: 'testAnswered'; accelerator: string; state: string; message: string }
  | { type: 'testFailed'; accelerator: string; message: string }
  | { type: 'pressed'; accelerator: string }
  | { type: 'save' }
  | { type: 'saveFailed'; accelerator: string; message: string }
  | { type: 'saved' }
  | { type: 'again' }
  | { type: 'cancel' };

export const CLOSED: RecorderState = { step: 'closed' };

const candidateOf = (s: RecorderState): Candidate | null =>
  'accelerator' in s ? { accelerator: s.accelerator, display: s.display } : null;

export function recorderStep(state: RecorderState, event: RecorderEvent): RecorderState {
  const current = candidateOf(state);
  switch (event.type) {
    case 'open':
    case 'again':
      return { step: 'listening', hint: null };
    case 'cancel':
    case 'saved':
      return CLOSED;
    case 'keys':
      if (state.step !== 'listening') return state;
      return event.result.ok
        ? { step: 'starting', accelerator: event.result.accelerator, display: event.result.display }
        : { step: 'listening', hint: event.result.error };
    case 'try':
      return { step: 'starting', accelerator: event.accelerator, display: event.display };
    case 'testAnswered':
      if (state.step !== 'starting' || current?.accelerator !== event.accelerator) return state;
      if (event.state === 'registered') return { step: 'testing', ...current };
      return { step: 'refused', ...current, message: event.message || `${current.display} can’t be used right now.` };
    case 'testFailed':
      if (state.step !== 'starting' || current?.accelerator !== event.accelerator) return state;
      return { step: 'refused', ...current, message: event.message };
    case 'pressed':
      if (state.step !== 'testing' || current?.accelerator !== event.accelerator) return state;
      return { step: 'works', ...current };
    case 'save':
      if ((state.step !== 'works' && state.step !== 'testing' && state.step !== 'failed') || !current) return state;
      return { step: 'saving', ...current };
    case 'saveFailed':
      if (state.step !== 'saving' || current?.accelerator !== event.accelerator) return state;
      return { step: 'failed', ...current, message: event.message };
  }
}

/** Whether the recorder is waiting for keys in the page (the only step that takes them). */
export const isListening = (s: RecorderState): boolean => s.step === 'listening';

/** What the live region says at each step: one instruction at a time, in plain words. */
export function recorderInstruction(s: RecorderState): string {
  switch (s.step) {
    case 'closed':
      return '';
    case 'listening':
      return s.hint ? `${s.hint} Press the new shortcut, or Escape to keep the current one.` : 'Press the new shortcut. Escape keeps the current one.';
    case 'starting':
      return `Checking ${s.display}…`;
    case 'testing':
      return `Now press ${s.display} once more, anywhere, to check it works.`;
    case 'refused':
      return s.message;
    case 'works':
      return `It works. Save to use ${s.display} for quick capture.`;
    case 'saving':
      return 'Saving…';
    case 'failed':
      return `Couldn’t save the shortcut: ${s.message}`;
  }
}
