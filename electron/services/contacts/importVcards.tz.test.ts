/**
 * S7: birthdays are read from the text, never through local time. The whole import runs in a
 * child process under TZ=Pacific/Kiritimati (UTC+14) and under TZ=Pacific/Pago_Pago (UTC−11)
 * (a child, because TZ must be set before anything reads the clock); both must give identical
 * people and dates, and the dates the fixtures expect.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { expectedFiles, HAVE_SHARED_FIXTURES } from './contacts.testkit';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..');

interface ProbeOutput {
  tz: string;
  offsetMinutes: number;
  shared: boolean;
  people: { name: string; birthday: string | null; dates: string[] }[];
}

async function probe(tz: string): Promise<ProbeOutput> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(HERE, 'tzProbe.testkit.ts')], {
    cwd: ROOT,
    env: { ...process.env, TZ: tz },
    maxBuffer: 16 * 1024 * 1024,
  });
  const out = JSON.parse(stdout) as ProbeOutput;
  // Same-named people come back in id order (random ids): compare them by content.
  out.people.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return out;
}

describe('vCard dates in the far east and far west time zones', () => {
  it('identical birthdays and dates under Pacific/Kiritimati and Pacific/Pago_Pago', async () => {
    const [east, west] = await Promise.all([probe('Pacific/Kiritimati'), probe('Pacific/Pago_Pago')]);
    expect(east.offsetMinutes).toBe(-14 * 60);
    expect(west.offsetMinutes).toBe(11 * 60);
    expect(east.people.length).toBeGreaterThan(10);
    expect(west.people).toEqual(east.people);

    const byName = (name: string): ProbeOutput['people'] => east.people.filter((p) => p.name === name);
    expect(byName('Late Evening East')[0]!.birthday).toBe('1990-01-01');
    expect(byName('Early Morning West')[0]!.birthday).toBe('1990-01-01');
    expect(byName('Chidi Okafor')[0]!.birthday).toBe('--02-29');
    if (!HAVE_SHARED_FIXTURES) {
      console.warn('skipping the shared-fixture birthdays: ../shared/fixtures/vcards is not there');
      return;
    }
    expect(east.shared).toBe(true);
    expect(byName('Ämi Display')[0]!.birthday).toBe('1996-04-15');
    expect(byName('First Last NextCloud')[0]!.birthday).toBe('2019-02-10');
    for (const exp of expectedFiles()) {
      for (const p of exp.people) {
        if (p.birthday === null) continue;
        expect(byName(p.name).length, p.name).toBeGreaterThan(0);
      }
    }
  }, 60_000);
});
