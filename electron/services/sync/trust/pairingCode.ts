/**
 * One box for whatever the user pasted or typed on the joining device: a full invite or a short
 * code. Says in plain words what is wrong, before any network work starts.
 */
import { InviteError, looksLikeInvite, parseInvite } from './invite';
import { looksLikeShortCode, parseShortCode } from './shortCode';

export type ParsedPairingCode = { kind: 'invite'; secret: Uint8Array } | { kind: 'short'; nameplate: string; words: string[] };

export function parsePairingCode(text: string): ParsedPairingCode {
  const input = String(text ?? '');
  if (looksLikeInvite(input)) return { kind: 'invite', secret: parseInvite(input) };
  if (looksLikeShortCode(input)) {
    const { nameplate, words } = parseShortCode(input);
    return { kind: 'short', nameplate, words };
  }
  if (input.trim().length === 0) throw new InviteError('Type the code or paste the invite shown on the other device.');
  throw new InviteError('That is neither an invite nor a short code. Copy the invite again, or type the four digits and four words.');
}
