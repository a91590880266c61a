// Step 3 of the link rule: decide, in context, whether a candidate is an address.
//
// A bare dotted word is a domain only when its last label is a real top-level domain, and even then
// ordinary writing wins when the word reads as writing:
//
//   sentence break   "the talks ended.Now we wait": two labels, the last one capitalised, not all caps
//                    (or all caps inside a comment written in capitals, unless the TLD is COM, RU…);
//                    for Com, Org, Net and the like only before a word that can go on that sentence
//                    ("artigo.Com certeza", "around.Org charts"; not "Booking.Com has", "on Amazon.Com.");
//                    or "I agree.it was close": a TLD that is a word sentences start with (it, no, to…),
//                    in lower case, followed by a word that often comes next ("it was", "to be"); or
//                    "over.now what": an everyday-word TLD spam seldom uses, then any lower-case word;
//                    "Ok.cool, see you": one of those TLDs after a word that is a sentence of its own
//   initials         "U.S.Army", "B.Sc", "e.g.Google": one- or two-letter labels before a capitalised TLD
//   abbreviations    "e.g.google", "i.e.it": a known abbreviation in front
//   product names    "ASP.NET", "Socket.IO", exactly as their makers write them
//   prefixes         "startup.co-founded": ".co" followed by the rest of a co- word
//   file names       "README.md", "main.rs", "setup.py": one name plus an extension that is also a ccTLD;
//                    "report.final.docx": a name that goes on with an extension that is no TLD
//   numbers          "at 10.am": only digits before a two-letter TLD; "costs 5.99.Cheap": a decimal
//                    number before a capitalised TLD (a sentence break after a price)
//
// None of these exceptions applies when the writer gave more than a bare word — a scheme, "www.",
// a path or port — or when the candidate only exists because a disguise was undone.

import type { Candidate } from './link-candidates.js';
import { isAsciiAlnum, isHostCode, isUpperCaseLetter, isWordCode } from './link-char-classes.js';
import { hasDisguise, type MappedText } from './link-mapped-text.js';
import { isCapitalisedWordTld, isSentenceSafeTld, isTld } from './link-tlds.js';
import { isPointingWord, isWordAfterCom, isWordBeforeAnAddress } from './link-words.js';

export type LinkKind = 'url' | 'email' | 'www' | 'domain' | 'ip' | 'markdown' | 'html' | 'bbcode';

/** Extensions that are also country-code TLDs: name.ext on its own is read as a file name. */
export const FILE_EXTENSION_TLDS: ReadonlySet<string> = new Set([
  'md', 'rs', 'py', 'sh', 'zip', 'mov', 'java', 'mobi', 'so', 'tf', 'cab',
]);

/** Product names that end in a TLD, case-sensitive: lower-case "asp.net" is the real site. */
const PRODUCT_NAMES: ReadonlySet<string> = new Set([
  'ASP.NET', 'VB.NET', 'ADO.NET', 'ML.NET', 'Math.NET', 'Socket.IO',
]);

/** Abbreviations that end in a full stop and are often followed by a word without a space. */
const ABBREVIATION_PREFIXES: readonly string[] = [
  'e.g.', 'i.e.', 'a.m.', 'p.m.', 'etc.', 'vs.', 'cf.', 'viz.', 'approx.', 'incl.', 'esp.', 'resp.',
  'z.b.', 'd.h.', 'u.a.', 'bzw.', 'usw.', 'mr.', 'mrs.', 'dr.', 'jr.', 'sr.', 'prof.', 'vol.', 'fig.', 'p.s.',
];

/**
 * Two-letter TLDs that are also words a sentence often starts with, in English and in the languages our
 * readers write. "la" is with the longer words below: a noun follows it, and nouns are too many to list.
 */
const SENTENCE_START_TLDS: ReadonlySet<string> = new Set([
  'it', 'is', 'no', 'so', 'at', 'in', 'to', 'be', 'me', 'do', 'as', 'by', 'us', 'am', 'my', 'es', 'se', 'et',
]);

/**
 * Words that often come second in a sentence begun by one of those words: "it was", "to be", "no one",
 * "at least", "es ist". An address followed by one of them ("example.it is great") is let through:
 * the price of never refusing "I agree.it was close".
 */
const SENTENCE_SECOND_WORDS: ReadonlySet<string> = new Set([
  // verbs and auxiliaries
  'is', 'was', 'were', 'are', 'am', 'be', 'been', 'being', 'has', 'had', 'have', 'having', 'will', 'would', 'can',
  'could', 'should', 'shall', 'may', 'might', 'must', 'does', 'did', 'do', "doesn't", "didn't", "don't", "isn't",
  "wasn't", "won't", "can't", "wouldn't", "couldn't", "it's", 'seems', 'seemed', 'looks', 'looked', 'sounds', 'feels',
  'felt', 'makes', 'made', 'means', 'meant', 'takes', 'took', 'gets', 'got', 'goes', 'went', 'says', 'said', 'shows',
  'showed', 'happens', 'happened', 'matters', 'depends', 'helps', 'hurts', 'works', 'worked', 'started', 'ended',
  'began', 'comes', 'came', 'turns', 'turned', 'remains', 'stays', 'keeps', 'needs', 'tell', 'say', 'see', 'think',
  'know', 'agree', 'hope', 'guess', 'believe', 'wonder', 'careful', 'honest', 'fair', 'clear', 'sure', 'quiet',
  // articles, pronouns, determiners
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'my', 'your', 'his', 'her', 'its', 'our', 'their', 'i', 'you',
  'he', 'she', 'we', 'they', 'me', 'him', 'us', 'them', 'it', 'there', 'here', 'all', 'one', 'some', 'any', 'every',
  'each', 'both', 'none', 'nobody', 'nothing', 'anyone', 'everyone', 'someone', 'such',
  // words after "no", "so", "at", "in", "as", "by", "to"…
  'way', 'doubt', 'idea', 'matter', 'longer', 'problem', 'thanks', 'comment', 'surprise', 'chance',
  'least', 'last', 'first', 'best', 'worst', 'times', 'once', 'fact', 'short', 'general', 'theory', 'practice',
  'truth', 'reality', 'total', 'far', 'much', 'many', 'what', 'why', 'how', 'when', 'where', 'who', 'which', 'if',
  'usual', 'always', 'ever', 'now', 'then', 'too', 'neither', 'either', 'also', 'not', 'never', 'just', 'only', 'still',
  'even', 'really', 'again', 'already', 'yet', 'and', 'but', 'or', 'so', 'because', 'since', 'though', 'although',
  'well', 'course', 'sum', 'end', 'home', 'sad', 'true', 'bad', 'good', 'sorry', 'glad', 'tired',
  // words after "my"
  'family', 'wife', 'husband', 'partner', 'son', 'daughter', 'kids', 'children', 'mother', 'father', 'mum', 'mom',
  'dad', 'parents', 'brother', 'sister', 'grandmother', 'grandfather', 'grandparents', 'friend', 'friends',
  'neighbour', 'neighbor', 'neighbours', 'neighbors', 'town', 'city', 'country', 'point', 'view', 'opinion',
  'question', 'concern', 'worry', 'fear', 'own', 'experience', 'heart', 'god', 'goodness', 'two', 'advice',
  // German, French, Spanish
  'ist', 'war', 'sind', 'gibt', 'geht', 'wird', 'kann', 'muss', 'nicht', 'der', 'die', 'das', 'ein', 'eine',
  'est', 'était', 'sont', 'pas', 'puis', 'le', 'les', 'un', 'une', 'que', 'qui', 'el', 'los', 'las', 'una', 'muy', 'hay', 'va',
]);

/**
 * Endings that are everyday words and start sentences or clauses in lower case ("over.now what",
 * "I agree.life goes on"), among the TLDs spam seldom uses. Not "news" (news sites use it), nor
 * "live", "top", "club", "shop", "fun", "best", "win", "cash", "work" and the like, which spam does:
 * "game.live updates" is refused, and the reader is shown where to put the space.
 */
const SENTENCE_START_WORD_TLDS: ReadonlySet<string> = new Set([
  'now', 'today', 'life', 'love', 'one', 'army', 'navy', 'world', 'art', 'vote', 'tax', 'group', 'game', 'games',
  'day', 'here', 'how', 'you', 'new', 'show', 'play', 'watch', 'run', 'care', 'law', 'city', 'team', 'family',
  'help', 'house', 'place', 'talk', 'zone', 'land', 'guide', 'plus', 'tips', 'cool', 'fit', 'kids', 'baby',
  'style', 'food', 'gift', 'photo', 'school', 'church', 'market', 'music', 'media', 'report', 'study', 'support',
  'faith', 'health', 'energy',
  // French and Spanish "la": a noun follows, so it cannot wait for a word from the list above
  'la',
  // Cyrillic endings that are words ("Я устал.дети спят"); not the country codes рф, укр, бел, which readers cite
  'дети', 'москва', 'онлайн', 'сайт', 'рус', 'ком', 'орг',
]);

/**
 * Words that make a sentence of their own ("Ok.", "Wow.", "Thanks."). Before one of the everyday endings
 * above, in lower case, they read as a sentence break even with nothing after ("Ok.cool, see you",
 * "Wow.love it!"): no one gives an address as "ok.cool".
 */
const INTERJECTIONS: ReadonlySet<string> = new Set([
  'ok', 'okay', 'yes', 'yeah', 'yep', 'no', 'nope', 'oh', 'ah', 'aha', 'wow', 'well', 'lol', 'haha', 'hmm', 'thanks',
  'sure', 'right', 'fine', 'great', 'agreed', 'exactly', 'indeed', 'true', 'sorry', 'please', 'amen', 'bravo',
]);

/**
 * "co-founded", "co-op", "co-author": the English prefix, with the hyphen that makes ".co-" no address
 * ending ("I left the startup.co-founders rarely agree"). Only these words: "casino.co-now" stays an address.
 */
const CO_WORDS: readonly string[] = [
  'found', 'op', 'operat', 'author', 'host', 'chair', 'sponsor', 'worker', 'pilot', 'star', 'exist', 'ordinat',
  'own', 'sign', 'writ', 'produc', 'parent', 'lead', 'educat', 'habit', 'opt', 'manag', 'edit', 'head',
];

const WEB_SCHEMES = new Set(['http', 'https', 'ftp', 'ftps']);
const AT = 0x40;
const COLON = 0x3a;

interface ParsedAddress {
  readonly hasScheme: boolean;
  readonly atIndex: number; // -1 when there is no local part
  readonly hostStart: number;
  readonly hostEnd: number;
  readonly hasPath: boolean;
  readonly hasPort: boolean;
}

export function judgeCandidate(mapped: MappedText, candidate: Candidate): LinkKind | null {
  if (candidate.source === 'scheme') return 'url';
  if (candidate.source === 'ip') return 'ip';
  const address = parseAddress(mapped.text, candidate.start, candidate.end);
  if (address.hasScheme) return 'url';
  const host = mapped.text.slice(address.hostStart, address.hostEnd);
  const hostDisguised = hasDisguise(mapped, address.hostStart, address.hostEnd);
  if (address.atIndex >= 0) return judgeEmail(mapped, address, host, hostDisguised);
  return judgeHost(host, {
    explicit: address.hasPath || address.hasPort,
    disguised: hostDisguised || hasDisguise(mapped, candidate.start, candidate.end),
    shouting: () => isPreviousWordInCapitals(mapped.text, candidate.start),
    nextWord: () => wordAfter(mapped.text, address.hostEnd),
    previousWord: () => wordBefore(mapped.text, candidate.start),
    fileExtensionAfter: () => isFileExtensionAt(mapped.text, address.hostEnd),
    coWordAfter: () => isCoWordAt(mapped.text, address.hostEnd),
  });
}

/** "-founded", "-op" at `at`: a ".co" before it was the prefix co-, not an address ending. */
function isCoWordAt(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== 0x2d) return false;
  const rest = text.slice(at + 1, at + 9).toLowerCase();
  return CO_WORDS.some((stem) => rest.startsWith(stem));
}

/**
 * Extensions of documents, pictures and archives that are not top-level domains. A dotted name that
 * goes on with one of them ("report.final.docx") is a file name: the host before it ("report.final",
 * where "final" happens to be a TLD) was cut out of it.
 */
const FILE_EXTENSIONS: ReadonlySet<string> = new Set([
  'doc', 'docx', 'odt', 'rtf', 'txt', 'pdf', 'xls', 'xlsx', 'ods', 'csv', 'ppt', 'pptx', 'odp', 'epub',
  'jpg', 'jpeg', 'png', 'gif', 'webp', 'svg', 'heic', 'tif', 'tiff', 'bmp', 'mp3', 'mp4', 'wav', 'avi', 'mkv',
  'tar', 'gz', 'tgz', 'rar', '7z', 'exe', 'dmg', 'apk', 'iso', 'json', 'xml', 'yml', 'yaml', 'htm', 'html',
  'js', 'ts', 'css', 'log', 'bak', 'tmp', 'ini', 'cfg', 'conf',
]);

/** ".docx" (or ".DOCX") at `at`, and then no further letters or dots. */
function isFileExtensionAt(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== 0x2e) return false;
  let k = at + 1;
  while (k - at <= 5 && isAsciiAlnum(text.charCodeAt(k))) k++;
  if (k < text.length && (isWordCode(text.charCodeAt(k)) || (text.charCodeAt(k) === 0x2e && isWordCode(text.charCodeAt(k + 1))))) return false;
  return FILE_EXTENSIONS.has(text.slice(at + 1, k).toLowerCase());
}

/** The word after one space at `at` ("it was" → "was"), or '' when something else follows. */
function wordAfter(text: string, at: number): string {
  if (text.charCodeAt(at) !== 0x20) return '';
  let k = at + 1;
  while (k < text.length && k - at <= 32 && (isWordCode(text.charCodeAt(k)) || (text.charCodeAt(k) === 0x27 && k > at + 1))) k++;
  return text.slice(at + 1, k);
}

/** The word before one space at `before` ("at casino.world" → "at"), or '' when something else precedes. */
function wordBefore(text: string, before: number): string {
  if (text.charCodeAt(before - 1) !== 0x20) return '';
  let k = before - 1;
  while (k > 0 && before - k <= 32 && isWordCode(text.charCodeAt(k - 1))) k--;
  return text.slice(k, before - 1);
}

/** "I WAS IN KYIV.IT WAS": the word before the candidate is written in capitals too. */
function isPreviousWordInCapitals(text: string, before: number): boolean {
  let k = before;
  while (k > 0 && before - k < 8 && text.charCodeAt(k - 1) === 0x20) k--;
  const end = k;
  while (k > 0 && end - k < 32 && isWordCode(text.charCodeAt(k - 1))) k--;
  const word = text.slice(k, end);
  return word.length >= 2 && word === word.toUpperCase() && word !== word.toLowerCase();
}

function judgeEmail(mapped: MappedText, address: ParsedAddress, host: string, hostDisguised: boolean): LinkKind | null {
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every(isValidLabel) || !isTld(labels[labels.length - 1] as string)) return null;
  const atWasWritten = mapped.disguised[address.atIndex] !== 1;
  if (atWasWritten) return 'email';
  // "at" spelled out: the domain after it must stand on its own ("Lviv at Kyiv.It was" is prose).
  return judgeHost(host, { explicit: false, disguised: hostDisguised }) === null ? null : 'email';
}

interface HostContext {
  /** A path or port follows the host. */
  readonly explicit: boolean;
  /** The candidate exists only because a disguise was undone. */
  readonly disguised: boolean;
  /** Whether the text around is written in capitals; asked only when the host itself is. */
  readonly shouting?: () => boolean;
  /** The word right after the host, after one space ('' for none); asked only for a TLD that is a word. */
  readonly nextWord?: () => string;
  /** The word right before the host, before one space ('' for none); asked only for a TLD that is a word. */
  readonly previousWord?: () => string;
  /** The host goes on with a file extension that is no TLD: ".docx". */
  readonly fileExtensionAfter?: () => boolean;
  /** The host goes on with "-founded", "-op"…: asked only for the ending "co". */
  readonly coWordAfter?: () => boolean;
}

export function judgeHost(host: string, context: HostContext): 'www' | 'domain' | null {
  const lastDot = host.lastIndexOf('.');
  if (lastDot < 0) return null;
  // Most dotted words in prose (U.S., 3.14, e.g.) fail here, before any further work.
  if (!isTld(host.slice(lastDot + 1)) && !/^www\./i.test(host)) return null;
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every(isValidLabel)) return null;
  if ((labels[0] as string).toLowerCase() === 'www') return 'www';
  const tld = labels[labels.length - 1] as string;
  if (!isTld(tld)) return null;
  if (context.explicit || context.disguised) return 'domain';
  if (
    PRODUCT_NAMES.has(host) || startsWithAbbreviation(host) || looksLikeInitials(labels) ||
    looksLikeSentenceBreak(host, labels, context) || looksLikeShoutedSentenceBreak(host, labels, context) ||
    looksLikeLowerCaseSentenceBreak(labels, context) ||
    looksLikeFileName(labels) || looksLikeCode(labels) || context.fileExtensionAfter?.() === true || (tld.toLowerCase() === 'co' && context.coWordAfter?.() === true) ||
    looksLikeNumber(labels) || looksLikeNumberThenSentence(host, labels)
  ) {
    return null;
  }
  return 'domain';
}

function isValidLabel(label: string): boolean {
  if (label.length === 0 || label.length > 63) return false;
  if (label.startsWith('-') || label.endsWith('-')) return false;
  for (let k = 0; k < label.length; k++) {
    if (!isHostCode(label.charCodeAt(k))) return false;
  }
  return true;
}

function startsWithAbbreviation(host: string): boolean {
  const lower = host.toLowerCase();
  return ABBREVIATION_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/** "U.S.Army", "B.Sc", "M.Sc": short letter labels, at least one a single letter, before a capitalised TLD. */
function looksLikeInitials(labels: readonly string[]): boolean {
  const tld = labels[labels.length - 1] as string;
  if (!isUpperCaseLetter(tld[0] ?? '')) return false;
  const rest = labels.slice(0, -1);
  return rest.every((label) => label.length <= 2 && isLetters(label)) && rest.some((label) => label.length === 1);
}

/**
 * "ended.Now", "Kyiv.It", "talks.EU": a full stop with the space forgotten before a capitalised word.
 * Only for two labels and when the whole word is not in capitals: "BBC.COM" is written as an address.
 * The endings that are words only in some languages or uses (Com, Org, Net…) need a sentence after them.
 */
function looksLikeSentenceBreak(host: string, labels: readonly string[], context: HostContext): boolean {
  if (labels.length !== 2) return false;
  const tld = labels[1] as string;
  if (!isUpperCaseLetter(tld[0] ?? '') || host === host.toUpperCase()) return false;
  return !isCapitalisedWordTld(tld) || startsSentenceAfter(tld.toLowerCase(), context);
}

/**
 * After "Booking.Com", "Casino.Org", "Deals.Net": whether what follows reads as a new sentence. Not when
 * only punctuation or nothing follows ("on Amazon.Com."); for "Com", only before a word that follows it
 * in Portuguese; for "Org" and "Biz", which are English only in "Org charts" and "Biz class", not after a
 * word that points to an address ("at Casino.Org tonight"); for the others, which start sentences
 * ("Net migration rose"), not after a pointing word that no sentence ends with ("visit Casino.Net now").
 */
function startsSentenceAfter(tld: string, context: HostContext): boolean {
  const next = context.nextWord?.() ?? '';
  if (next === '') return false;
  if (tld === 'com') return isWordAfterCom(next);
  const previous = context.previousWord?.() ?? '';
  if (tld === 'org' || tld === 'biz') return !isPointingWord(previous);
  return !isWordBeforeAnAddress(previous);
}

/**
 * "THE TALKS ENDED.NOW WE WAIT": in a comment written in capitals the case rule above cannot tell a
 * sentence break from "BBC.COM", so an all-capitals host after a word in capitals counts as a
 * sentence break unless its TLD is one nobody starts a sentence with (COM, NET, ORG, RU, UA…).
 */
function looksLikeShoutedSentenceBreak(host: string, labels: readonly string[], context: HostContext): boolean {
  if (labels.length !== 2 || host !== host.toUpperCase() || isSentenceSafeTld(labels[1] as string)) return false;
  return context.shouting?.() ?? false;
}

/**
 * "I agree.it was close", "fine.to be honest": a full stop with the space forgotten before a sentence
 * that starts in lower case. Only a word, then a lower-case TLD that sentences start with, then a word
 * that often comes second in such a sentence. For the longer everyday words ("over.now what", "I
 * agree.life goes on") any lower-case word may come next, but no word before may point to an address
 * ("at casino.world today").
 */
function looksLikeLowerCaseSentenceBreak(labels: readonly string[], context: HostContext): boolean {
  if (labels.length !== 2 || !context.nextWord) return false;
  const [word, tld] = labels as [string, string];
  const twoLetters = SENTENCE_START_TLDS.has(tld);
  if (!twoLetters && !SENTENCE_START_WORD_TLDS.has(tld)) return false;
  if (word.length < 2 || !isLetters(word) || word.slice(1) !== word.slice(1).toLowerCase()) return false;
  if (INTERJECTIONS.has(word.toLowerCase())) return !isPointingWord(context.previousWord?.() ?? '');
  const next = context.nextWord();
  if (next === '' || next !== next.toLowerCase()) return false;
  if (twoLetters) return SENTENCE_SECOND_WORDS.has(next);
  // A word that starts with a lower-case letter ("what", "we"), not a number ("casino.world 2024").
  const first = next.charAt(0);
  return first !== first.toUpperCase() && !isPointingWord(context.previousWord?.() ?? '');
}

/**
 * Names programmers give the object before a dot ("user.name", "response.data", "document.body.style").
 * A domain is seldom named so and given bare; given with a scheme, "www." or a path it is judged as one.
 */
const CODE_OBJECTS: ReadonlySet<string> = new Set([
  'user', 'users', 'response', 'res', 'request', 'req', 'result', 'results', 'data', 'config', 'settings', 'options', 'opts',
  'params', 'props', 'state', 'self', 'this', 'window', 'document', 'event', 'err', 'error', 'item', 'obj', 'object',
  'node', 'element', 'el', 'ctx', 'context', 'session', 'env', 'args', 'payload', 'record', 'row', 'entry', 'target',
  'input', 'form', 'field', 'model', 'process', 'profile', 'account',
]);
/** The TLDs that are also the names of common properties ("name", "data", "id", "style"). */
const PROPERTY_TLDS: ReadonlySet<string> = new Set(['name', 'data', 'id', 'style', 'email', 'link', 'page', 'text', 'date', 'info', 'type', 'map', 'app']);

/** "user.name", "document.body.style": an object, then properties, in lower case; the last a TLD that names a property. */
function looksLikeCode(labels: readonly string[]): boolean {
  if (!CODE_OBJECTS.has(labels[0] as string) || !PROPERTY_TLDS.has(labels[labels.length - 1] as string)) return false;
  return labels.every((label) => /^[a-z][a-z0-9]*$/.test(label));
}

function looksLikeFileName(labels: readonly string[]): boolean {
  return labels.length === 2 && FILE_EXTENSION_TLDS.has((labels[1] as string).toLowerCase());
}

/** "10.am", "3.in": digits then a two-letter TLD read as a time or a unit, not an address. */
function looksLikeNumber(labels: readonly string[]): boolean {
  const tld = labels[labels.length - 1] as string;
  return tld.length <= 2 && labels.slice(0, -1).every((label) => /^[0-9]+$/.test(label));
}

/**
 * "It costs 5.99.Cheap!", "growth was 2.5.Now…": a decimal number ends a sentence and the space before
 * the next, capitalised word is forgotten. Not when the whole host is in capitals ("5.99.CHEAP").
 */
function looksLikeNumberThenSentence(host: string, labels: readonly string[]): boolean {
  const tld = labels[labels.length - 1] as string;
  if (labels.length < 3 || !isUpperCaseLetter(tld[0] ?? '') || host === host.toUpperCase()) return false;
  return labels.slice(0, -1).every((label) => /^[0-9]+$/.test(label));
}

function isLetters(label: string): boolean {
  for (let k = 0; k < label.length; k++) {
    const code = label.charCodeAt(k);
    if (!isWordCode(code) || (code >= 0x30 && code <= 0x39)) return false;
  }
  return label.length > 0;
}

/** Splits a URL or e-mail candidate into scheme, local part, host and what follows the host. */
function parseAddress(text: string, start: number, end: number): ParsedAddress {
  const schemeEnd = readSchemeEnd(text, start, end);
  if (schemeEnd >= 0) {
    const scheme = text.slice(start, schemeEnd).toLowerCase();
    const slashes = text.startsWith('//', schemeEnd + 1);
    if (slashes || WEB_SCHEMES.has(scheme) || scheme === 'mailto') {
      return { hasScheme: true, atIndex: -1, hostStart: start, hostEnd: start, hasPath: false, hasPort: false };
    }
  }
  let atIndex = -1;
  for (let k = start; k < end; k++) {
    const code = text.charCodeAt(k);
    if (code === AT) atIndex = k;
    else if (code === 0x2f || code === 0x3f || code === 0x23) break;
  }
  const hostStart = atIndex >= 0 ? atIndex + 1 : start;
  let hostEnd = hostStart;
  while (hostEnd < end && isHostCode(text.charCodeAt(hostEnd))) hostEnd++;
  while (hostEnd > hostStart && text.charCodeAt(hostEnd - 1) === 0x2e) hostEnd--;
  const after = text.charCodeAt(hostEnd);
  const hasPort = after === COLON && hostEnd + 1 < end;
  const hasPath = hostEnd < end && (after === 0x2f || after === 0x3f || after === 0x23);
  return { hasScheme: false, atIndex, hostStart, hostEnd, hasPath, hasPort };
}

/** Index of the ':' ending a leading "scheme:", or -1. */
function readSchemeEnd(text: string, start: number, end: number): number {
  let k = start;
  while (k < end && k - start <= 32) {
    const code = text.charCodeAt(k);
    if (code === COLON) return k > start ? k : -1;
    const isSchemeChar = (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) ||
      (k > start && ((code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2d || code === 0x2e));
    if (!isSchemeChar) return -1;
    k++;
  }
  return -1;
}
