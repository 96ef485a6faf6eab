import { describe, expect, it } from 'vitest';
import { acceleratorFromKeyEvent } from '../../../shared/domain/accelerator';
import { CLOSED, recorderInstruction, recorderStep, type RecorderEvent, type RecorderState } from './recorderModel';

const key = (k: Partial<KeyboardEvent> & { key: string; code: string }, platform = 'linux') =>
  acceleratorFromKeyEvent({ ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...k }, platform);

const run = (events: RecorderEvent[], from: RecorderState = CLOSED): RecorderState => events.reduce(recorderStep, from);
const ACC = 'CommandOrControl+Alt+K';

describe('key recorder steps', () => {
  it('the whole way: press keys, the host registers them, a press from anywhere, save', () => {
    const listening = run([{ type: 'open' }]);
    expect(recorderInstruction(listening)).toBe('Press the new shortcut. Escape keeps the current one.');
    const starting = recorderStep(listening, { type: 'keys', result: key({ key: 'k', code: 'KeyK', ctrlKey: true, altKey: true }) });
    expect(starting).toEqual({ step: 'starting', accelerator: ACC, display: 'Ctrl+Alt+K' });
    const testing = recorderStep(starting, { type: 'testAnswered', accelerator: ACC, state: 'registered', message: '' });
    expect(recorderInstruction(testing)).toBe('Now press Ctrl+Alt+K once more, anywhere, to check it works.');
    const works = recorderStep(testing, { type: 'pressed', accelerator: ACC });
    expect(recorderInstruction(works)).toBe('It works. Save to use Ctrl+Alt+K for quick capture.');
    const saving = recorderStep(works, { type: 'save' });
    expect(saving.step).toBe('saving');
    expect(recorderStep(saving, { type: 'saved' })).toBe(CLOSED);
  });

  it('keys that are not a shortcut leave it listening, with the parser’s words', () => {
    const s = run([{ type: 'open' }, { type: 'keys', result: key({ key: 'a', code: 'KeyA' }) }]);
    expect(s.step).toBe('listening');
    expect(recorderInstruction(s)).toMatch(/needs a modifier such as Ctrl or Alt.*Press the new shortcut, or Escape/);
    const shiftA = run([{ type: 'keys', result: key({ key: 'A', code: 'KeyA', shiftKey: true }) }], s);
    expect(recorderInstruction(shiftA)).toContain('would take over typing');
  });

  it('a refused shortcut says why, and “Try another” listens again', () => {
    const refused = run([
      { type: 'open' },
      { type: 'keys', result: key({ key: 'k', code: 'KeyK', ctrlKey: true, altKey: true }) },
      { type: 'testAnswered', accelerator: ACC, state: 'refused', message: 'Ctrl+Alt+K is taken by another app.' },
    ]);
    expect(refused).toMatchObject({ step: 'refused', message: 'Ctrl+Alt+K is taken by another app.' });
    expect(recorderStep(refused, { type: 'save' })).toBe(refused); // nothing to save
    expect(recorderStep(refused, { type: 'again' })).toEqual({ step: 'listening', hint: null });
  });

  it('answers and presses for another shortcut, or after cancel, are ignored', () => {
    const starting = run([{ type: 'open' }, { type: 'keys', result: key({ key: 'k', code: 'KeyK', ctrlKey: true, altKey: true }) }]);
    expect(recorderStep(starting, { type: 'testAnswered', accelerator: 'CommandOrControl+J', state: 'registered', message: '' })).toBe(starting);
    expect(recorderStep(starting, { type: 'pressed', accelerator: ACC })).toBe(starting); // not registered yet
    const testing = recorderStep(starting, { type: 'testAnswered', accelerator: ACC, state: 'registered', message: '' });
    expect(recorderStep(testing, { type: 'pressed', accelerator: 'CommandOrControl+J' })).toBe(testing);
    expect(recorderStep(testing, { type: 'keys', result: key({ key: 'j', code: 'KeyJ', ctrlKey: true }) })).toBe(testing);
    const closed = recorderStep(testing, { type: 'cancel' });
    expect(run([{ type: 'testAnswered', accelerator: ACC, state: 'registered', message: '' }, { type: 'pressed', accelerator: ACC }], closed)).toBe(CLOSED);
  });

  it('a failed save keeps the shortcut and offers Save again', () => {
    const failed = run([
      { type: 'try', accelerator: ACC, display: 'Ctrl+Alt+K' },
      { type: 'testAnswered', accelerator: ACC, state: 'registered', message: '' },
      { type: 'save' },
      { type: 'saveFailed', accelerator: ACC, message: 'The disk is full.' },
    ]);
    expect(failed).toMatchObject({ step: 'failed', accelerator: ACC });
    expect(recorderInstruction(failed)).toBe('Couldn’t save the shortcut: The disk is full.');
    expect(recorderStep(failed, { type: 'save' }).step).toBe('saving');
  });

  it('on a Mac, ⌘ records as CommandOrControl and shows as ⌘', () => {
    const s = run([{ type: 'open' }, { type: 'keys', result: key({ key: ' ', code: 'Space', metaKey: true, shiftKey: true }, 'darwin') }]);
    expect(s).toEqual({ step: 'starting', accelerator: 'CommandOrControl+Shift+Space', display: '⇧⌘Space' });
  });
});
