/** Moved to shared/domain/acceleratorKeys.ts with accelerator.ts (see there); edit the shared file. */
export * from '../../../shared/domain/acceleratorKeys';
