#!/usr/bin/env node
/**
 * `kindred`: the command line entry (built to out/main/cli.js, `bin` in package.json; in
 * development `node --import tsx electron/cli/index.ts`). Wires runCli to the process: argv,
 * stdout/stderr, Ctrl+C → the commands' AbortSignal (a second Ctrl+C exits at once), exit code.
 *
 * Commands are listed here, statically (the bundle needs static imports): one module per
 * subcommand in ./commands, each exporting `command: CliCommand`. Add a new one to COMMANDS.
 */
import { homedir } from 'node:os';
import { command as backup } from './commands/backup';
import { command as exportIcs } from './commands/export-ics';
import { command as exportVault } from './commands/export-vault';
import { command as importVcards } from './commands/import-vcards';
import { command as restore } from './commands/restore';
import { EXIT_CANCELLED, EXIT_UNEXPECTED, runCli } from './runCli';
import type { CliCommand } from './types';

/** Every registered command, in the order `kindred help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  exportVault,
  importVcards,
  exportIcs,
  backup,
  restore,
];

async function main(): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT_CANCELLED);
    process.stderr.write('\nCancelling… (Ctrl+C again to quit at once)\n');
    controller.abort();
  });
  // stdout closed early (`kindred export-ics - | head`) is not a failure of the command.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') controller.abort();
  });
  const code = await runCli(COMMANDS, {
    argv: process.argv.slice(2),
    env: process.env,
    platform: process.platform,
    home: homedir(),
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    signal: controller.signal,
  });
  process.exitCode = code;
}

// Only when run as the program (built CommonJS, or tsx): importing COMMANDS elsewhere runs nothing.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`kindred: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT_UNEXPECTED;
  });
}
