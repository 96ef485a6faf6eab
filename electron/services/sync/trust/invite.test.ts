import { describe, expect, it } from 'vitest';
import { toHex } from './bytes';
import { parsePairingCode } from './pairingCode';
import { createInvite, INVITE_PREFIX, inviteText, looksLikeInvite, pairingKeyPair, pairingServiceName, parseInvite } from './invite';
import {
  createShortCode,
  joinerRendezvous,
  looksLikeShortCode,
  parseShortCode,
  rendezvousWindow,
  RENDEZVOUS_WINDOW_MS,
  SHORT_CODE_WORDS,
  shortCodePassword,
  shortCodeRendezvous,
} from './shortCode';

describe('invites', () => {
  it('round-trips, whatever whitespace, line breaks and case the paste adds', () => {
    const invite = createInvite();
    expect(invite.text.startsWith(INVITE_PREFIX)).toBe(true);
    expect(toHex(parseInvite(invite.text))).toBe(toHex(invite.secret));
    const messy = `  \n${invite.text.slice(0, 30).toUpperCase()}\r\n ${invite.text.slice(30)}\t\n`;
    expect(toHex(parseInvite(messy))).toBe(toHex(invite.secret));
    expect(looksLikeInvite(messy)).toBe(true);
  });

  it('says a mistyped or truncated invite is incomplete or mistyped, and a foreign text is not an invite', () => {
    const { text } = createInvite();
    expect(() => parseInvite(text.slice(0, -3))).toThrow('That invite is incomplete or mistyped.');
    const last = text.at(-5)!;
    const typo = text.slice(0, -5) + (last === 'a' ? 'b' : 'a') + text.slice(-4);
    expect(() => parseInvite(typo)).toThrow('That invite is incomplete or mistyped.');
    expect(() => parseInvite(`${text}x`)).toThrow('That invite is incomplete or mistyped.');
    expect(() => parseInvite(`${INVITE_PREFIX}u!!`)).toThrow('That invite is incomplete or mistyped.');
    expect(() => parseInvite('hello')).toThrow(/not a Kindred invite/);
    expect(() => parseInvite('   ')).toThrow(/Paste the invite/);
  });

  it('derives the rendezvous key pair and LAN name from the secret, differently per invite', () => {
    const a = createInvite();
    const b = createInvite();
    expect(toHex(pairingKeyPair(a.secret).publicKey)).toBe(toHex(pairingKeyPair(parseInvite(a.text)).publicKey));
    expect(toHex(pairingKeyPair(a.secret).publicKey)).not.toBe(toHex(pairingKeyPair(b.secret).publicKey));
    expect(pairingServiceName(a.secret)).toMatch(/^kindred-pair-[0-9a-f]{20}$/);
    expect(pairingServiceName(a.secret)).not.toBe(pairingServiceName(b.secret));
    expect(inviteText(a.secret)).toBe(a.text);
  });
});

describe('short codes', () => {
  it('has 256 distinct, short, lowercase words', () => {
    expect(SHORT_CODE_WORDS.length).toBe(256);
    expect(new Set(SHORT_CODE_WORDS).size).toBe(256);
    for (const word of SHORT_CODE_WORDS) expect(word).toMatch(/^[a-z]{3,6}$/);
  });

  it('creates and parses nameplate + four words, forgiving case and separators', () => {
    const code = createShortCode();
    expect(code.text).toMatch(/^\d{4}(-[a-z]+){4}$/);
    expect(parseShortCode(code.text)).toEqual(code);
    expect(parseShortCode(`  ${code.nameplate} ${code.words.join('  ').toUpperCase()} \n`)).toEqual(code);
    expect(looksLikeShortCode(code.text)).toBe(true);
    expect(looksLikeShortCode(createInvite().text)).toBe(false);
  });

  it('explains what is wrong with a bad code', () => {
    expect(() => parseShortCode('ember-tulip')).toThrow(/four digits and four words/);
    expect(() => parseShortCode('4821-ember-tulip-quiet')).toThrow(/missing words/);
    expect(() => parseShortCode('4821-ember-tulip-quiet-otter-apple')).toThrow(/too many words/);
    expect(() => parseShortCode('4821-ember-tulip-quiet-ottr')).toThrow('"ottr" is not one of the code words. Check the spelling.');
  });

  it('derives the rendezvous from the nameplate and time window only, never the words', () => {
    const now = 1_700_000_000_000;
    const window = rendezvousWindow(now);
    const one = shortCodeRendezvous('4821', window);
    expect(toHex(shortCodeRendezvous('4821', window).keyPair.publicKey)).toBe(toHex(one.keyPair.publicKey));
    expect(toHex(shortCodeRendezvous('4822', window).keyPair.publicKey)).not.toBe(toHex(one.keyPair.publicKey));
    expect(toHex(shortCodeRendezvous('4821', rendezvousWindow(now + RENDEZVOUS_WINDOW_MS)).keyPair.publicKey)).not.toBe(toHex(one.keyPair.publicKey));
    expect(one.serviceName).toMatch(/^kindred-code-[0-9a-f]{20}$/);
    // A joiner up to one window later still finds the inviter's key among its candidates.
    const later = joinerRendezvous('4821', now + RENDEZVOUS_WINDOW_MS).map((r) => toHex(r.keyPair.publicKey));
    expect(later).toContain(toHex(one.keyPair.publicKey));
    expect(joinerRendezvous('4821', now).map((r) => toHex(r.keyPair.publicKey))).toContain(toHex(one.keyPair.publicKey));
    // The signature of shortCodeRendezvous takes no words; the password is built from words only.
    expect(shortCodeRendezvous.length).toBe(2);
    expect(new TextDecoder().decode(shortCodePassword(['ember', 'tulip', 'quiet', 'otter']))).not.toMatch(/\d{4}/);
  });
});

describe('the join box', () => {
  it('tells an invite from a short code, and explains anything else', () => {
    const invite = createInvite();
    const parsed = parsePairingCode(`\n${invite.text}\n`);
    expect(parsed.kind).toBe('invite');
    expect(parsed.kind === 'invite' && toHex(parsed.secret)).toBe(toHex(invite.secret));
    const code = createShortCode();
    expect(parsePairingCode(code.text)).toEqual({ kind: 'short', nameplate: code.nameplate, words: code.words });
    expect(() => parsePairingCode('')).toThrow(/Type the code or paste the invite/);
    expect(() => parsePairingCode('hello there')).toThrow(/neither an invite nor a short code/);
    expect(() => parsePairingCode(invite.text.slice(0, 40))).toThrow('That invite is incomplete or mistyped.');
    expect(() => parsePairingCode('4821 ember')).toThrow(/missing words/);
  });
});
