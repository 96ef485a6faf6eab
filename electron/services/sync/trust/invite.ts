/**
 * High-entropy invites (copied text or a QR code): 32 random bytes plus a 4-byte checksum, so a
 * mistyped or truncated invite fails at once with a plain message instead of timing out while
 * dialling a key nobody listens on. Everything the pairing needs derives from the secret: the
 * throwaway Noise key pair the inviter listens on, the LAN service name, the proof key.
 */
import { randomBytes } from 'node:crypto';
import NoiseSecretStream from '@hyperswarm/secret-stream';
import type { NoiseKeyPair } from '../types';
import { base32Decode, base32Encode, concatBytes, equalBytes, hash, toHex, utf8 } from './bytes';

export const INVITE_PREFIX = 'kindred-invite-';
const SECRET_BYTES = 32;
const CHECKSUM_BYTES = 4;

export class InviteError extends Error {
  override name = 'InviteError';
}

export interface Invite {
  secret: Uint8Array;
  text: string;
}

function derive(secret: Uint8Array, label: string, length = 32): Uint8Array {
  return hash(concatBytes(utf8(`kindred-pair-v1/${label}\0`), secret), length);
}

function checksum(secret: Uint8Array): Uint8Array {
  return derive(secret, 'checksum', CHECKSUM_BYTES);
}

export function inviteText(secret: Uint8Array): string {
  if (secret.length !== SECRET_BYTES) throw new InviteError('An invite secret is 32 bytes.');
  return INVITE_PREFIX + base32Encode(concatBytes(secret, checksum(secret))).toLowerCase();
}

export function createInvite(): Invite {
  const secret = new Uint8Array(randomBytes(SECRET_BYTES));
  return { secret, text: inviteText(secret) };
}

export function looksLikeInvite(text: string): boolean {
  return text.replace(/\s+/g, '').toLowerCase().startsWith(INVITE_PREFIX);
}

/** The secret in an invite as pasted (line breaks, spaces and case don't matter). */
export function parseInvite(text: string): Uint8Array {
  const compact = String(text).replace(/\s+/g, '').toLowerCase();
  if (compact.length === 0) throw new InviteError('Paste the invite shown on the other device.');
  if (!compact.startsWith(INVITE_PREFIX)) throw new InviteError('That is not a Kindred invite. It starts with "kindred-invite-".');
  const body = compact.slice(INVITE_PREFIX.length).replace(/-/g, '');
  const bytes = base32Decode(body);
  if (!bytes || bytes.length !== SECRET_BYTES + CHECKSUM_BYTES) throw new InviteError('That invite is incomplete or mistyped.');
  const secret = bytes.slice(0, SECRET_BYTES);
  if (!equalBytes(checksum(secret), bytes.subarray(SECRET_BYTES))) throw new InviteError('That invite is incomplete or mistyped.');
  return secret;
}

/** The throwaway Noise key pair the inviter listens on; the joiner dials its public key. */
export function pairingKeyPair(secret: Uint8Array): NoiseKeyPair {
  const pair = NoiseSecretStream.keyPair(derive(secret, 'noise'));
  return { publicKey: new Uint8Array(pair.publicKey), secretKey: new Uint8Array(pair.secretKey) };
}

/** The LAN (mDNS) instance name for this invite: reveals nothing about the secret. */
export function pairingServiceName(secret: Uint8Array): string {
  return `kindred-pair-${toHex(derive(secret, 'lan', 10))}`;
}

/** The key both sides prove knowledge of the invite with (HMAC over the handshake hash). */
export function inviteProofKey(secret: Uint8Array): Uint8Array {
  return derive(secret, 'proof');
}
