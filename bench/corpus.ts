/**
 * Deterministic benchmark corpus: 5,000 notes of ~300 words and 1,000 person pages.
 *
 * Words follow a Zipf distribution (exponent 1.0) over a ~25,000-word vocabulary: real English
 * function words at the top ranks, ~500 real content words spread through the head, the rest
 * pronounceable syllable words. Like real notes, each note also has a few topic words it
 * repeats (burstiness) and mentions its people by name (accented names included).
 */
import type { PageKind, SearchDoc } from '../shared/search/types';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
export const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

const FUNCTION_WORDS = (
  'the and to a of i she was in that it he for said with her about we on is but they had at be this ' +
  'have not you my so his as from what all were would there when one just like been if out up them ' +
  'me then more our how some very can could did time really after because know think also much which ' +
  'other into still over only back before even going again well last told any too new first because ' +
  'being where while get got made who their than way see since year years day never week always ' +
  'something maybe felt want wanted need next thing things lot little good long right people talked'
).split(' ');

const CONTENT_WORDS = (
  'sister brother mother father daughter son aunt uncle cousin grandmother grandfather friend friends ' +
  'neighbour colleague boss partner husband wife baby kids family wedding funeral birthday party dinner ' +
  'lunch breakfast coffee tea wine beer bakery bread cake cookies restaurant kitchen garden house flat ' +
  'apartment city village country trip holiday vacation flight train station airport hotel beach ' +
  'mountain lake river forest park school university college exam teacher student class homework job ' +
  'work office meeting project deadline promotion interview salary money rent mortgage loan bank ' +
  'doctor hospital nurse surgery appointment therapy medicine health illness recovery cancer diabetes ' +
  'pregnancy dog cat puppy kitten horse bike car bus walk run swim yoga gym football tennis music ' +
  'concert guitar piano song band book novel poem movie film series theatre museum painting photo ' +
  'camera phone laptop computer email message letter card gift present surprise anniversary christmas ' +
  'easter summer winter spring autumn morning evening night weekend monday tuesday wednesday thursday ' +
  'friday saturday sunday january february march april may june july august september october november ' +
  'december conversation argument apology advice secret promise plan idea dream worry fear hope joy ' +
  'grief anger stress anxiety happiness loneliness divorce breakup engagement move moving renovation ' +
  'business shop startup customer client contract lawyer court accountant taxes retirement pension ' +
  'volunteer charity church temple mosque community neighbourhood election politics news weather storm ' +
  'snow rain sunshine heat flowers roses tomatoes apples oranges pasta pizza soup salad chocolate ' +
  'recipe cooking baking painting knitting gardening fishing hiking camping sailing climbing cycling ' +
  'marathon injury knee back shoulder surgery physio dentist optician glasses hearing memory ' +
  'grandchildren nephew niece godmother godfather roommate landlord mentor coach therapist pastor'
).split(' ');

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'cr', 'dr', 'fl', 'gr', 'pl', 'st', 'tr', 'sh', 'ch', 'th', 'sl', 'qu'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'ie', 'y'];
const CODAS = ['', '', '', '', '', 'n', 'r', 'l', 's', 't', 'm', 'nd', 'st', 'ck', 'rt', 'ng'];
const SUFFIXES = ['', '', '', '', 'ing', 'ed', 'er', 'ly', 'tion', 'ness', 'ment', 'ful', 'ous', 'ish'];

const FIRST_NAMES = [
  'Maria', 'María', 'José', 'Jose', 'Zoë', 'Chloé', 'Renée', 'Björn', 'Søren', 'Łukasz', 'François', 'Ana', 'Anaïs', 'Mateo',
  'Sofía', 'Lucía', 'Noah', 'Emma', 'Liam', 'Olivia', 'Elena', 'Hélène', 'Jürgen', 'Ingrid', 'Siobhán', 'Seán', 'Aoife',
  'Mohammed', 'Fatima', 'Aisha', 'Omar', 'Yusuf', 'Priya', 'Arjun', 'Ravi', 'Ananya', 'Wei', 'Mei', 'Hiroshi', 'Yuki',
  'Kenji', 'Sakura', 'Minh', 'Nguyễn', 'Linh', 'Olga', 'Dmitri', 'Katarzyna', 'Zoltán', 'Ágnes', 'Emre', 'Şule', 'Çağla',
  'Tomás', 'Inés', 'Joaquín', 'Raúl', 'Nicolás', 'Amélie', 'Benoît', 'Gaëlle', 'Maëlle', 'Jörg', 'Käthe', 'Ömer', 'Dário',
  'Grace', 'Henry', 'Jack', 'Lily', 'Oscar', 'Ruby', 'Sam', 'Tess', 'Ursula', 'Victor', 'Wendy', 'Xavier', 'Yara', 'Zack',
];
const LAST_NAMES = [
  'López', 'García', 'Martínez', 'Núñez', 'Muñoz', 'Peña', 'Pérez', 'Gómez', 'Müller', 'Schäfer', 'Weiß', 'Jäger',
  'Dvořák', 'Novák', 'Kowalski', 'Wójcik', 'Østergaard', 'Ångström', 'Lefèvre', 'Dubois', 'Girard', 'Bonnet', 'Nguyen',
  'Tran', 'Kim', 'Park', 'Lee', 'Chen', 'Wang', 'Singh', 'Patel', 'Khan', 'Ali', 'Haddad', 'Yılmaz', 'Öztürk', 'Smith',
  'Jones', 'Brown', 'Taylor', 'Wilson', 'Evans', 'Walsh', "O'Brien", "O'Connor", 'Murphy', 'Kelly', 'Byrne', 'Rossi',
  'Bianchi', 'Ferrari', 'Esposito', 'Santos', 'Oliveira', 'Costa', 'Silva', 'Sousa', 'Ivanov', 'Petrova', 'Horváth',
  'Kovač', 'Babić', 'Jensen', 'Nielsen', 'Hansen', 'Berg', 'Lind', 'Andersson', 'Johansson', 'Virtanen', 'Korhonen',
];
const CONVERSATION_TITLES = ['Coffee with', 'Call with', 'Dinner with', 'Walk with', 'Lunch with', 'Chat with', 'Drinks with', 'Visit to'];

export interface Person {
  id: string;
  name: string;
  first: string;
}

export interface Corpus {
  notes: SearchDoc[];
  people: Person[];
  personPages: SearchDoc[];
  /** notes + person pages, what the index holds. */
  all: SearchDoc[];
  vocabulary: string[];
}

function makeVocabulary(rng: Rng, size: number): string[] {
  const taken = new Set<string>([...FUNCTION_WORDS, ...CONTENT_WORDS]);
  const generated: string[] = [];
  const want = size - taken.size;
  while (generated.length < want) {
    let w = '';
    const r = rng();
    const syl = r < 0.3 ? 1 : r < 0.85 ? 2 : 3;
    for (let i = 0; i < syl; i++) w += pick(rng, ONSETS) + pick(rng, VOWELS) + pick(rng, CODAS);
    w += pick(rng, SUFFIXES);
    if (w.length < 3 || taken.has(w)) continue;
    taken.add(w);
    generated.push(w);
  }
  // Function words first, content words spread over ranks ~120–3000, generated words fill the rest.
  const vocab = Array.from(new Set(FUNCTION_WORDS));
  const rest = generated.slice();
  const content = Array.from(new Set(CONTENT_WORDS)).filter((w) => !vocab.includes(w));
  const out = vocab.slice();
  let c = 0;
  while (rest.length > 0 || c < content.length) {
    const wantContent = c < content.length && (rest.length === 0 || rng() < 0.25);
    if (wantContent) out.push(content[c++] as string);
    else out.push(rest.pop() as string);
  }
  return out;
}

function zipfSampler(rng: Rng, n: number, s: number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) {
    sum += 1 / Math.pow(r + 1, s);
    cdf[r] = sum;
  }
  return () => {
    const x = rng() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
function randomDate(rng: Rng): string {
  const start = Date.UTC(2016, 0, 1);
  const end = Date.UTC(2025, 11, 31);
  const t = new Date(start + Math.floor(rng() * ((end - start) / 86400000)) * 86400000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

export function generateCorpus(opts: { notes?: number; people?: number; vocabulary?: number; wordsPerNote?: number; seed?: number } = {}): Corpus {
  const rng = mulberry32(opts.seed ?? 20261123);
  const vocab = makeVocabulary(rng, opts.vocabulary ?? 30000);
  const zipf = zipfSampler(rng, vocab.length, 1.0);
  const word = (): string => vocab[zipf()] as string;

  const people: Person[] = [];
  const names = new Set<string>();
  while (people.length < (opts.people ?? 1000)) {
    const first = pick(rng, FIRST_NAMES);
    const name = `${first} ${pick(rng, LAST_NAMES)}`;
    if (names.has(name)) continue;
    names.add(name);
    people.push({ id: `p${pad(people.length, 4)}`, name, first });
  }

  const sentence = (words: string[]): string => {
    const parts = words.map((w, i) => (i > 0 && rng() < 0.07 ? w + ',' : w));
    return cap(parts.join(' ')) + pick(rng, ['.', '.', '.', '.', '?', '!']);
  };

  const body = (target: number, mentions: Person[], topics: string[]): string => {
    const tokens: string[] = [];
    while (tokens.length < target) {
      const r = rng();
      if (mentions.length > 0 && r < 0.012) tokens.push(pick(rng, mentions).first);
      else if (mentions.length > 0 && r < 0.016) tokens.push(pick(rng, mentions).name);
      else if (topics.length > 0 && r < 0.03) tokens.push(pick(rng, topics));
      else {
        const w = word();
        tokens.push(rng() < 0.02 ? `${w}'s` : w);
      }
    }
    const sentences: string[] = [];
    let i = 0;
    while (i < tokens.length) {
      const len = int(rng, 6, 18);
      sentences.push(sentence(tokens.slice(i, i + len)));
      i += len;
    }
    const paras: string[] = [];
    for (let p = 0; p < sentences.length; ) {
      const k = int(rng, 3, 6);
      paras.push(sentences.slice(p, p + k).join(' '));
      p += k;
    }
    return paras.join('\n\n');
  };

  const notes: SearchDoc[] = [];
  const nNotes = opts.notes ?? 5000;
  const wpn = opts.wordsPerNote ?? 300;
  for (let n = 0; n < nNotes; n++) {
    const kind: PageKind = rng() < 0.65 ? 'conversation' : 'journal';
    const mentionCount = kind === 'conversation' ? int(rng, 1, 3) : int(rng, 0, 2);
    const mentions: Person[] = [];
    for (let k = 0; k < mentionCount; k++) mentions.push(pick(rng, people));
    const topics: string[] = [];
    for (let k = 0, nt = int(rng, 2, 4); k < nt; k++) topics.push(vocab[int(rng, 300, vocab.length - 1)] as string);
    const date = randomDate(rng);
    const title =
      kind === 'conversation' && mentions[0]
        ? `${pick(rng, CONVERSATION_TITLES)} ${mentions[0].first}`
        : rng() < 0.4
          ? `Journal ${date}`
          : cap([word(), pick(rng, topics), word()].join(' '));
    notes.push({
      id: `n${pad(n, 5)}`,
      kind,
      title,
      date,
      text: body(int(rng, wpn - 30, wpn + 30), mentions, topics),
      people: Array.from(new Set(mentions.map((m) => m.id))),
    });
  }

  const personPages: SearchDoc[] = people.map((p) => ({
    id: `page-${p.id}`,
    kind: 'person',
    title: p.name,
    date: randomDate(rng),
    text: body(int(rng, 20, 80), [p], []),
    people: [p.id],
  }));
  return { notes, people, personPages, all: [...notes, ...personPages], vocabulary: vocab };
}
