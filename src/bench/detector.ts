// The link detector on its own, in this process: detectLinks() from the built application, timed call by call
// on a long honest comment, a long comment full of disguised links, and hostile inputs ten times the size
// limit (the API accepts up to 20,000 characters before the length rule runs, and the live check sees
// whatever is typed). Every comment post runs it twice (body and name), so its cost is part of every post.
import { detectLinks } from '../modules/comments/link-detection.js';
import type { DetectorResult } from './report.js';

interface DetectorInput {
  label: string;
  text: string;
  /** Links put into the text on purpose (reported next to the number found). */
  links: number;
  runs: number;
  warmupRuns: number;
  /** The target (mean < 1 ms) is set for comments of up to 5,000 characters. */
  judged: boolean;
}

const LONG = 5_000;
const HOSTILE = 50_000;

/** Honest writing the detector must leave alone: abbreviations, numbers, versions, other languages, a missing space. */
const HONEST_PARAGRAPHS = [
  'I think the U.S. position is wrong, e.g. the talks in Munich ended.Now we wait for the 10.30 p.m. ' +
    'briefing; it costs $1.5bn and v2.0.1 of the plan is no better. Київ чекає, і т.д. Ich glaube, z.B. ' +
    'heute, dass es so bleibt. 🙂 The dot com bubble taught us something at 3.14% growth… ',
  'Honestly I am not sure what the answer is, but the article makes a fair point about guarantees. ' +
    'Mr. Smith and Dr. Jones both declined to comment at 9 a.m. on Monday, i.e. before the vote. ' +
    'Les prix ont augmenté d’environ 4 % vs. l’an dernier, etc. The file was report_final.v3.pdf, apparently.\n\n',
  'She has a Ph.D. in international relations and wrote 1.2.3 in the margin. J.R.R. Tolkien would have ' +
    'had something to say about St. Petersburg, N.A.T.O. and the E.U. all at once. Ціни зросли на 12,5%. ',
];

/** Twenty addresses, each dressed differently: schemes, www, bare domains, markup, spelled-out and Unicode dots. */
const DISGUISED_LINKS = [
  'https://example.com/speech', 'www.example.org/news', 'cheap-pills.shop', 'jane.doe@example.com',
  '[the report](http://example.org/report.pdf)', '<a href="https://example.com">read this</a>', 'example dot com',
  'example[.]com', 'example (dot) com (slash) promo', 'example&#46;com', 'ｅｘａｍｐｌｅ．ｃｏｍ', 'exa\u200Bmple.com',
  'gооgle.com', 'example。com', 'w w w . example . com', 'hxxps://example[.]com/path', 'h t t p s : / / example . com',
  'пример.рф', 'hxxps://192.168.1.1/panel', 'bit.ly/3xYzAbc',
];

/** Honest text of exactly `length` characters, cut at a space so no character is split. */
function honestText(length: number, offset = 0): string {
  let text = '';
  for (let i = offset; text.length < length + 200; i++) text += HONEST_PARAGRAPHS[i % HONEST_PARAGRAPHS.length];
  const cut = text.lastIndexOf(' ', length);
  return text.slice(0, cut).padEnd(length, '.');
}

/** A 5,000-character comment with the twenty links spread evenly through honest text. */
function commentWithLinks(): string {
  const share = Math.floor(LONG / DISGUISED_LINKS.length);
  const parts = DISGUISED_LINKS.map((link, i) => `${honestText(share - link.length - 11, i).trimEnd()} see ${link} now. `);
  return (parts.join('') + honestText(LONG)).slice(0, LONG);
}

export function detectorInputs(): DetectorInput[] {
  return [
    { label: 'honest comment, 5,000 characters', text: honestText(LONG), links: 0, runs: 2_000, warmupRuns: 300, judged: true },
    { label: 'comment with 20 disguised links, 5,000 characters', text: commentWithLinks(), links: DISGUISED_LINKS.length, runs: 2_000, warmupRuns: 300, judged: true },
    { label: 'hostile: "a." repeated, 50,000 characters', text: 'a.'.repeat(HOSTILE / 2), links: 0, runs: 50, warmupRuns: 5, judged: false },
    { label: 'hostile: "1.1.1." repeated, 50,000 characters', text: '1.1.1.'.repeat(Math.ceil(HOSTILE / 6)).slice(0, HOSTILE), links: 0, runs: 50, warmupRuns: 5, judged: false },
    { label: 'hostile: "www" + " dot" repeated, 50,000 characters', text: `www${' dot'.repeat((HOSTILE - 4) / 4)}`, links: 0, runs: 50, warmupRuns: 5, judged: false },
  ];
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * Times `runs` calls one by one (after `warmupRuns` untimed calls, so the JIT has settled), in microseconds.
 * hrtime has nanosecond resolution; a call on 5,000 characters takes tens of microseconds or more.
 */
export function timeDetector(input: DetectorInput): DetectorResult {
  const found = detectLinks(input.text).length;
  for (let i = 0; i < input.warmupRuns; i++) detectLinks(input.text);
  const micros = new Float64Array(input.runs);
  for (let i = 0; i < input.runs; i++) {
    const started = process.hrtime.bigint();
    detectLinks(input.text);
    micros[i] = Number(process.hrtime.bigint() - started) / 1000;
  }
  let sum = 0;
  for (const us of micros) sum += us;
  micros.sort();
  return {
    label: input.label,
    chars: input.text.length,
    linksPut: input.links,
    linksFound: found,
    runs: input.runs,
    meanUs: sum / input.runs,
    p99Us: percentile(micros, 0.99),
    maxUs: micros[micros.length - 1]!,
    judged: input.judged,
  };
}
