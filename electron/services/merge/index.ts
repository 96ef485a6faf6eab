export { finishMerges, MERGE_ORIGIN, MERGE_SPACE, MergeCancelled, mergePeople, previewMerge, type MergeOptions, type MergeOutcome, type MergePreview, type MergeProgress } from './mergePeople';
