/**
 * The `kindred` command line (issue 13): one entry (electron/cli/index.ts, built to
 * out/main/cli.js, `bin` in package.json), one module per subcommand implementing CliCommand.
 * Every command runs against a journal's data folder (`--data DIR`, default the app's), exits
 * 0 on success and non-zero with ONE plain line on stderr on failure, and can be cancelled
 * (Ctrl+C → `signal` aborts; a cancelled command leaves no half result behind).
 */
import type { JournalStore } from '../services/store/types';

export interface CliContext {
  /** The journal's folder (already resolved). */
  dataDir: string;
  /** Opens the journal's store (refuses with a plain reason when the app holds the folder). */
  openStore(): Promise<JournalStore>;
  stdout: (text: string) => void;
  /** Progress lines ("Exported 1,200 of 10,000 pages…"); not shown with --quiet. */
  progress: (text: string) => void;
  signal: AbortSignal;
  /** The clock (ms), injectable for tests. */
  now: () => number;
}

export interface CliCommand {
  name: string;
  /** One line: "export-vault OUTDIR   Write the journal as an Obsidian-readable Markdown vault". */
  usage: string;
  /** Returns the exit code. Throw CliError for a plain-words failure. */
  run(args: readonly string[], ctx: CliContext): Promise<number>;
}

/** A failure the user can act on: printed as one line, exit code 1 (or `code`). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
