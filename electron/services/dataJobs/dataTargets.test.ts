import { describe, expect, it } from 'vitest';
import { BackupError } from '../backup';
import { checkExportName, DataTargetError, suggestedName } from './dataTargets';
import { failureText } from './failureText';

const errno = (code: string, path?: string): Error => Object.assign(new Error(`${code}: raw`), { code, ...(path ? { path } : {}) });

describe('export names in the browser build', () => {
  it('adds the kind’s extension once and keeps ordinary names as typed (NFC, trimmed)', () => {
    expect(checkExportName('calendar', ' birthdays ')).toBe('birthdays.ics');
    expect(checkExportName('calendar', 'Birthdays.ICS')).toBe('Birthdays.ICS');
    expect(checkExportName('backup', 'Before the move')).toBe('Before the move.kindred-backup');
    expect(checkExportName('vault', 'Jose\u0301’s vault')).toBe('José’s vault');
    expect(suggestedName('backup', new Date(2026, 0, 5, 23, 0).getTime())).toBe('Kindred backup 2026-01-05.kindred-backup');
  });

  it('refuses anything that is not one plain name', () => {
    for (const bad of ['', '   ', '../x', 'a/b', 'a\\b', '.', '..', '.hidden', 'NUL', 'com1.txt', 'a:b', 'a*b', 'a\u0000b', 'x'.repeat(121)]) {
      expect(() => checkExportName('vault', bad), JSON.stringify(bad)).toThrow(DataTargetError);
    }
  });
});

describe('why a job failed, in plain words', () => {
  it('names disk full, no permission, read-only and a vanished folder, and that nothing was written', () => {
    expect(failureText(errno('ENOSPC', '/media/usb/x.kindred-backup'))).toBe(
      'The disk is full (/media/usb/x.kindred-backup). Free some space, or choose another place, and try again. Nothing was written.',
    );
    expect(failureText(errno('EACCES', '/root'))).toMatch(/^Kindred may not write there \(\/root\)\. .*Nothing was written\.$/);
    expect(failureText(errno('EROFS'))).toMatch(/^That place is read-only\./);
    expect(failureText(errno('ENOENT'))).toMatch(/^The folder is gone/);
    expect(failureText(new BackupError('not_backup', 'x is not a Kindred backup (it does not start with "KINDRED-BACKUP").'))).toBe(
      'This file is not a Kindred backup (it does not start with "KINDRED-BACKUP"). Nothing in your journal changed.',
    );
    expect(failureText(new BackupError('damaged', 'x is damaged: its checksum does not match its content.'))).toBe(
      'This file is not a Kindred backup (x is damaged: its checksum does not match its content). Nothing in your journal changed.',
    );
    expect(failureText(new Error('boom'))).toBe('Something went wrong: boom');
  });
});
