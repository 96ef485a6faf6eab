/** The host's derived index (page facts following the store's change log). */
export { startDerivedIndex, DERIVED_FORMAT, DERIVED_SPACE, type DerivedIndexOptions, type RunningDerivedIndex } from './derivedIndex';
export type { DerivedIndex } from './types';
