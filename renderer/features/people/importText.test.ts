import { describe, expect, it } from 'vitest';
import { HostError } from '../../../shared/host/errors';
import { importError, isContactsFile, previewSummary, resultText, where } from './importText';

const n = (k: number): { name: string }[] => Array.from({ length: k }, (_, i) => ({ name: `p${i}` }));

describe('import dialog words', () => {
  it('says how many people will be added, updated and skipped', () => {
    const view = (a: number, u: number, s: number) => ({
      add: n(a).map((x) => ({ ...x, detail: '' })),
      update: n(u).map((x) => ({ ...x, changes: [] })),
      skip: n(s).map((x) => ({ ...x, file: 'f.vcf', reason: 'r' })),
    });
    expect(previewSummary(view(12, 2, 3))).toBe('12 people will be added, 2 updated, 3 skipped');
    expect(previewSummary(view(1, 0, 0))).toBe('1 person will be added, 0 updated, 0 skipped');
    expect(previewSummary(view(0, 0, 1))).toBe('0 people will be added, 0 updated, 1 skipped');
  });

  it('reports the result', () => {
    expect(resultText({ added: 12, updated: 0 })).toBe('Added 12 people.');
    expect(resultText({ added: 1, updated: 2 })).toBe('Added 1 person and updated 2.');
    expect(resultText({ added: 0, updated: 1 })).toBe('Updated 1 person.');
    expect(resultText({ added: 0, updated: 0 })).toMatch(/Nothing changed/);
  });

  it('knows contacts files and says where a problem is', () => {
    expect(isContactsFile({ name: 'Contacts.VCF', type: '' })).toBe(true);
    expect(isContactsFile({ name: 'export', type: 'text/x-vcard' })).toBe(true);
    expect(isContactsFile({ name: 'photo.jpg', type: 'image/jpeg' })).toBe(false);
    expect(where('a.vcf', 3)).toBe('card 3 of a.vcf');
    expect(where('a.vcf', null)).toBe('a.vcf');
  });

  it('turns host errors into one sentence', () => {
    expect(importError(new HostError('bad_request', 'Invalid params for "contacts.preview" at "files": At most 20 files at once..'))).toBe('At most 20 files at once.');
    expect(importError(new HostError('refused', 'This preview is no longer available'))).toBe('This preview is no longer available.');
    expect(importError(new HostError('unknown_method', 'x'))).toMatch(/Update Kindred/);
  });
});
