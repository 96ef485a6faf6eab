import type { DerivedPageFacts } from '../../../shared/domain/types';
import type { DerivedIndexState } from '../../../shared/host/slices/derived';

/**
 * The local derived index: per page, what lists need from its content. Follows the store's
 * change log with a persisted cursor (written in the same batch as the facts), so after a crash
 * it catches up instead of going stale. Never synced; rebuilt from page docs when missing.
 */
export interface DerivedIndex {
  /** Store seq up to which every change is reflected. */
  seq(): number;
  state(): DerivedIndexState;
  /** Facts by page id after `after`, at most `limit`. */
  pages(after: string | undefined, limit: number): Promise<{ pages: [string, DerivedPageFacts][]; next: string | null }>;
  onChange(listener: (change: { seq: number; pages: [string, DerivedPageFacts | null][]; state: DerivedIndexState }) => void): () => void;
  close(): Promise<void>;
}
