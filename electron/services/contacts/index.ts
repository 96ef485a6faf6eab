/** vCard import (issue 13): parse → preview (nothing written) → apply (one update). */
export { applyImport, ImportCancelled, IMPORT_ORIGIN, type ApplyOptions, type ApplyResult } from './applyImport';
export {
  BIRTHDAY_LABEL,
  previewImport,
  type AddEntry,
  type CardRef,
  type ImportFile,
  type ImportPreview,
  type ImportProblem,
  type PlannedDate,
  type PreviewOptions,
  type SkipEntry,
  type UpdateEntry,
} from './previewImport';
export { parseVcf, type ParsedVcf, type RawCard } from './parseVcf';
export { readContact, PHOTO_LIMIT_BYTES, type ContactCard } from './readContact';
export { parseVcardDate, formatVcardDate, type VcardDate } from './vcardDate';
export { makeThumbnail, imageKind, PHOTO_MAX_INPUT_BYTES, PHOTO_MAX_PIXELS, THUMBNAIL_SIZE, type Thumbnail, type ThumbnailResult } from './photoThumbnail';
export { photoFromCard, type CardPhoto } from './photoFromCard';
export { settlePhotos, writePhotos, photoDecision } from './photoPlan';
