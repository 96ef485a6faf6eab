/**
 * `kindred export-ics FILE`: the birthday calendar. Writes every important date as a yearly
 * all-day event and every check-in on its due day, as an .ics file (FILE `-` prints it).
 * The file is replaced atomically: a failure or Ctrl+C leaves the previous file as it was.
 */
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { buildCalendarExport, writeCalendar, type CalendarExport } from '../../services/calendar';
import { CliError, type CliCommand, type CliContext } from '../types';

export const command: CliCommand = {
  name: 'export-ics',
  usage: 'export-ics FILE   Write birthdays, important dates and check-ins due as an .ics calendar',
  async run(args: readonly string[], ctx: CliContext): Promise<number> {
    const target = parseArgs(args);
    const file = target === '-' ? null : resolve(target);
    if (file) await checkTarget(file);
    ctx.signal.throwIfAborted();
    const store = await ctx.openStore();
    let result: CalendarExport;
    try {
      const options = { now: ctx.now(), signal: ctx.signal };
      ctx.progress('Reading people, dates and check-ins…');
      if (file) {
        result = await writeCalendar(store, file, options);
      } else {
        result = await buildCalendarExport(store, options);
        ctx.stdout(result.ics);
      }
    } finally {
      await store.close();
    }
    if (file) {
      const skipped = result.skippedDates > 0 ? `; ${plural(result.skippedDates, 'date')} left out (not a real day)` : '';
      ctx.stdout(`Wrote ${plural(result.dates, 'date')} and ${plural(result.checkIns, 'check-in')} to ${file}${skipped}\n`);
    }
    return 0;
  },
};

function parseArgs(args: readonly string[]): string {
  const positional = args.filter((a) => a === '-' || !a.startsWith('-'));
  const unknown = args.find((a) => a !== '-' && a.startsWith('-'));
  if (unknown) throw new CliError(`export-ics: unknown option "${unknown}". Usage: kindred export-ics FILE`);
  if (positional.length === 0) throw new CliError('export-ics: name the file to write, like: kindred export-ics birthdays.ics');
  if (positional.length > 1) throw new CliError(`export-ics: one file only (got ${positional.length}). Usage: kindred export-ics FILE`);
  const target = positional[0]!;
  if (!target.trim()) throw new CliError('export-ics: the file name is empty.');
  return target;
}

/** Refuses, before anything is read or written, a folder as FILE or a folder that is not there. */
async function checkTarget(file: string): Promise<void> {
  const existing = await stat(file).catch(() => null);
  if (existing?.isDirectory()) throw new CliError(`export-ics: ${file} is a folder; name a file, like ${file}/kindred.ics`);
  const folder = dirname(file);
  const parent = await stat(folder).catch(() => null);
  if (!parent) throw new CliError(`export-ics: the folder ${folder} does not exist.`);
  if (!parent.isDirectory()) throw new CliError(`export-ics: ${folder} is not a folder.`);
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
