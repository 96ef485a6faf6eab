import { join, resolve } from 'node:path';
import type { JournalStore } from '../store/types';
import { defaultBackupsDir, scheduleAutoBackup, type AutoBackupScheduler, type AutoBackupSchedulerOptions } from './autoBackupSchedule';
import { exportsFolderTargets, type DataServices } from './dataTargets';

/**
 * "Your data" for the Node web host (`npm run web`, e2e): names inside the exports folder, and
 * the daily backup scheduled in the host process beside its store (started once the host
 * listens, stopped before the store closes).
 */
export interface WebDataOptions {
  store: JournalStore;
  /** Default `<home>/Kindred exports`. */
  exportsDir: string;
  /** Default beside the journal's folder (`<journal> backups`), or inside the exports folder without one. */
  backupsDir?: string;
  /** Scheduler timings (tests), or false for none. */
  autoBackup?: Partial<Pick<AutoBackupSchedulerOptions, 'now' | 'timers' | 'startDelayMs' | 'checkEveryMs'>> | false;
  log?: (line: string) => void;
}

export interface WebData {
  data: DataServices;
  start(): void;
  stop(): Promise<void>;
}

export function webDataServices(options: WebDataOptions): WebData {
  const exportsDir = resolve(options.exportsDir);
  const backupsFolder = resolve(options.backupsDir ?? (options.store.dataDir ? defaultBackupsDir(options.store.dataDir) : join(exportsDir, 'Daily backups')));
  let scheduler: AutoBackupScheduler | null = null;
  let stopped = false;
  return {
    data: {
      targets: exportsFolderTargets(exportsDir),
      backupsFolder,
      autoBackup: { check: () => scheduler?.check() ?? Promise.resolve() },
    },
    start() {
      if (options.autoBackup === false || scheduler || stopped) return;
      scheduler = scheduleAutoBackup({ ...options.autoBackup, store: options.store, dir: backupsFolder, ...(options.log ? { log: options.log } : {}) });
    },
    async stop() {
      stopped = true;
      await scheduler?.stop();
    },
  };
}

/** `--exports DIR` / `--exports=DIR` (or KINDRED_EXPORTS), else `<home>/Kindred exports`. */
export function chooseExportsDir(argv: readonly string[], env: NodeJS.ProcessEnv, home: string, cwd: string): { dir: string } | { error: string } {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    let value: string | undefined;
    if (arg === '--exports') value = argv[i + 1];
    else if (arg.startsWith('--exports=')) value = arg.slice('--exports='.length);
    else continue;
    if (value === undefined || value.trim() === '' || value.startsWith('--')) return { error: '--exports needs a folder: --exports DIR.' };
    return { dir: resolve(cwd, value) };
  }
  if (env.KINDRED_EXPORTS?.trim()) return { dir: resolve(cwd, env.KINDRED_EXPORTS) };
  return { dir: join(home, 'Kindred exports') };
}
