/** The trust layer of peer-to-peer sync: identity, membership, session trust, pairing. */
export { deviceIdOf, fingerprintOf, IdentityFileError, IDENTITY_FILE, loadIdentity, loadOrCreateIdentity } from './identity';
export type { DeviceIdentity, SeedWrap } from './identity';
export { createMembership, MembershipError, MEMBERSHIP_MAX_ENTRIES } from './membership';
export type { Member, Membership, MembershipStore, MergeResult } from './membership';
export { checkDeviceName, decodeEntry, EntryError, ENTRY_MAX_BYTES, signEntry } from './membershipEntry';
export type { EntryBody, MembershipEntry } from './membershipEntry';
export { computeState, workspaceIdFor } from './membershipState';
export type { MemberRecord, MembershipState } from './membershipState';
export { createSessionTrust } from './sessionTrust';
export { createInvite, INVITE_PREFIX, InviteError, inviteProofKey, inviteText, looksLikeInvite, pairingKeyPair, pairingServiceName, parseInvite } from './invite';
export type { Invite } from './invite';
export {
  createShortCode,
  joinerRendezvous,
  looksLikeShortCode,
  parseShortCode,
  rendezvousWindow,
  RENDEZVOUS_WINDOW_MS,
  SHORT_CODE_WORDS,
  ShortCodeError,
  shortCodePassword,
  shortCodeRendezvous,
} from './shortCode';
export type { ShortCode } from './shortCode';
export * as cpace from './cpace';
export { parsePairingCode } from './pairingCode';
export type { ParsedPairingCode } from './pairingCode';
export { createPairingSession, PAIRING_MAX_FAILURES, PAIRING_TTL_MS } from './pairingSession';
export type { AttemptRefusal, PairingSession } from './pairingSession';
export { joinPairing, PAIR_PROTOCOL, PairingError, servePairing } from './pairChannel';
export type { JoinPairingOptions, JoinResult, PairingCode, PairingErrorCode, ServePairingOptions, ServeResult } from './pairChannel';
