/**
 * Backup and restore of a whole journal (issue 13): one file per backup, format in
 * docs/backup-format.md.
 */
export { BACKUP_EXTENSION, BACKUP_VERSION, BackupError, type BackupDoc, type BackupErrorCode, type ParsedBackup } from './backupFormat';
export { writeBackup, listDocIds, type BackupProgress, type WriteBackupOptions, type WriteBackupResult } from './writeBackup';
export { readBackup, restoreBackup, type RestoreMode, type RestoreOptions, type RestoreResult } from './restoreBackup';
export { autoBackup, dailyBackupName, type AutoBackupOptions, type AutoBackupResult } from './autoBackup';
