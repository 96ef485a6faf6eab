/**
 * Short codes to type instead of an invite: a public nameplate (4 digits) that only says where
 * to meet, and four words from a fixed list that are the CPace password. The words are never
 * hashed into anything anyone can observe (rendezvous keys, LAN names): an observer who could
 * test guesses offline against those would win the PAKE's one online guess every time.
 */
import { randomInt } from 'node:crypto';
import NoiseSecretStream from '@hyperswarm/secret-stream';
import type { NoiseKeyPair } from '../types';
import { concatBytes, hash, toHex, utf8 } from './bytes';

export const SHORT_CODE_WORD_COUNT = 4;
/** Rendezvous keys change every 10 minutes, so a nameplate is not a permanent meeting point. */
export const RENDEZVOUS_WINDOW_MS = 10 * 60 * 1000;

/** 256 short, distinct, everyday words (8 bits each; four words = 32 bits for one online guess). */
// prettier-ignore
export const SHORT_CODE_WORDS: readonly string[] = Object.freeze([
  'acorn', 'actor', 'agent', 'alarm', 'album', 'alley', 'amber', 'angle', 'ankle', 'apple', 'apron', 'arena',
  'arrow', 'aspen', 'atlas', 'attic', 'autumn', 'bacon', 'badge', 'bagel', 'baker', 'bamboo', 'banjo',
  'barn', 'basil', 'basin', 'beach', 'beacon', 'bean', 'bear', 'beaver', 'bell', 'bench', 'berry', 'bike',
  'birch', 'bison', 'blade', 'bloom', 'blue', 'boat', 'book', 'boot', 'bottle', 'brave', 'bread', 'brick',
  'bridge', 'brook', 'broom', 'bucket', 'bunny', 'butter', 'cabin', 'cactus', 'camel', 'camera', 'candle',
  'canoe', 'canvas', 'canyon', 'cargo', 'carpet', 'carrot', 'castle', 'cedar', 'chalk', 'cherry', 'chess',
  'cider', 'circle', 'citrus', 'clay', 'cliff', 'clock', 'cloud', 'clover', 'coast', 'cocoa', 'comet',
  'coral', 'cotton', 'cousin', 'coyote', 'crane', 'crayon', 'creek', 'crown', 'cycle', 'daisy', 'dance',
  'delta', 'denim', 'desert', 'donkey', 'dragon', 'dream', 'drum', 'eagle', 'echo', 'elbow', 'elder',
  'ember', 'engine', 'falcon', 'fable', 'fern', 'fiddle', 'field', 'finch', 'flame', 'flint', 'flute',
  'forest', 'fossil', 'fox', 'frost', 'galaxy', 'garden', 'garlic', 'ginger', 'globe', 'goose', 'grape',
  'gravel', 'guitar', 'harbor', 'hazel', 'heron', 'honey', 'indigo', 'iris', 'island', 'ivory', 'jacket',
  'jaguar', 'jelly', 'jigsaw', 'jungle', 'kayak', 'kettle', 'kiwi', 'koala', 'ladder', 'lagoon', 'lemon',
  'lily', 'linen', 'lizard', 'locket', 'lotus', 'magnet', 'mango', 'maple', 'marble', 'meadow', 'melon',
  'mint', 'mirror', 'mitten', 'moose', 'mosaic', 'muffin', 'nectar', 'needle', 'nest', 'noodle', 'nutmeg',
  'oasis', 'ocean', 'olive', 'onion', 'opal', 'orbit', 'orchid', 'otter', 'owl', 'oyster', 'paddle', 'panda',
  'paper', 'parrot', 'peach', 'pebble', 'pepper', 'piano', 'pickle', 'pilot', 'pine', 'planet', 'plum',
  'pocket', 'poppy', 'potato', 'puzzle', 'quail', 'quartz', 'quiet', 'rabbit', 'radar', 'radish', 'raven',
  'reef', 'ribbon', 'river', 'robin', 'rocket', 'rose', 'ruby', 'saddle', 'salmon', 'scarf', 'shadow',
  'shell', 'silver', 'sketch', 'sled', 'sloth', 'snail', 'spark', 'spider', 'spruce', 'squid', 'stone',
  'storm', 'sugar', 'summit', 'sunset', 'swan', 'table', 'teapot', 'tiger', 'timber', 'toast', 'tomato',
  'topaz', 'tulip', 'tundra', 'turtle', 'valley', 'velvet', 'violet', 'violin', 'walnut', 'walrus', 'whale',
  'willow', 'window', 'winter', 'wizard', 'wombat', 'yacht', 'yarn', 'yogurt', 'zebra', 'zipper',
]);

const WORD_SET: ReadonlySet<string> = new Set(SHORT_CODE_WORDS);

export class ShortCodeError extends Error {
  override name = 'ShortCodeError';
}

export interface ShortCode {
  nameplate: string;
  words: string[];
  /** e.g. "4821-ember-tulip-quiet-otter" */
  text: string;
}

export function createShortCode(): ShortCode {
  const nameplate = String(randomInt(0, 10_000)).padStart(4, '0');
  const words = Array.from({ length: SHORT_CODE_WORD_COUNT }, () => SHORT_CODE_WORDS[randomInt(0, SHORT_CODE_WORDS.length)]!);
  return { nameplate, words, text: [nameplate, ...words].join('-') };
}

/** Digits first, then words: what a short code looks like before we check the words. */
export function looksLikeShortCode(text: string): boolean {
  return /^\s*\d{4}[\s-]/.test(String(text));
}

export function parseShortCode(text: string): ShortCode {
  const parts = String(text).trim().toLowerCase().split(/[\s-]+/).filter(Boolean);
  const example = 'A short code is four digits and four words, like 4821-ember-tulip-quiet-otter.';
  if (parts.length === 0 || !/^\d{4}$/.test(parts[0]!)) throw new ShortCodeError(example);
  const words = parts.slice(1);
  if (words.length < SHORT_CODE_WORD_COUNT) throw new ShortCodeError(`That code is missing words. ${example}`);
  if (words.length > SHORT_CODE_WORD_COUNT) throw new ShortCodeError(`That code has too many words. ${example}`);
  const unknown = words.find((word) => !WORD_SET.has(word));
  if (unknown !== undefined) throw new ShortCodeError(`"${unknown.slice(0, 20)}" is not one of the code words. Check the spelling.`);
  return { nameplate: parts[0]!, words, text: [parts[0]!, ...words].join('-') };
}

/** The CPace password (PRS): the words only, never the nameplate. */
export function shortCodePassword(words: readonly string[]): Uint8Array {
  return utf8(`kindred-words:${words.join(' ')}`);
}

export function rendezvousWindow(nowMs: number): number {
  return Math.floor(nowMs / RENDEZVOUS_WINDOW_MS);
}

/**
 * Where the inviter waits for a short code: a throwaway Noise key pair and a LAN name derived
 * from the nameplate and the time window only. Anyone may derive them (the nameplate is public);
 * the PAKE, not the key, authenticates. Joiners try the current and the previous window.
 */
export function shortCodeRendezvous(nameplate: string, window: number): { keyPair: NoiseKeyPair; serviceName: string } {
  if (!/^\d{4}$/.test(nameplate)) throw new ShortCodeError('A nameplate is four digits.');
  const seed = hash(concatBytes(utf8(`kindred-pair-v1/nameplate\0${nameplate}\0${window}`)), 32);
  const pair = NoiseSecretStream.keyPair(seed);
  return {
    keyPair: { publicKey: new Uint8Array(pair.publicKey), secretKey: new Uint8Array(pair.secretKey) },
    serviceName: `kindred-code-${toHex(hash(concatBytes(utf8('lan\0'), seed), 10))}`,
  };
}

/**
 * Where a joiner looks for the inviter: the current window and the one before (the inviter keeps
 * the window it started in, and a code lives 5 minutes, less than a window).
 */
export function joinerRendezvous(nameplate: string, nowMs: number): Array<{ keyPair: NoiseKeyPair; serviceName: string }> {
  const window = rendezvousWindow(nowMs);
  return [shortCodeRendezvous(nameplate, window), shortCodeRendezvous(nameplate, window - 1)];
}
