import { describe, expect, test } from 'vitest';
import { bodyText, fts5Query, highlightParts, indexText, MAX_SEARCH_WORDS, parseSearch, searchWords, tsQuery } from './search-text.js';
import { stemmingFor } from './stemming.js';

const english = stemmingFor('en');

describe('search words', () => {
  test.each([
    ['Harbour talks stall in Valmora', ['harbour', 'talks', 'stall', 'in', 'valmora']],
    ['Café crème in Zürich, São Paulo and Kraków', ['cafe', 'creme', 'in', 'zurich', 'sao', 'paulo', 'and', 'krakow']],
    ['ＦＵＬＬ－ｗｉｄｔｈ and the ﬁrst ligature', ['full', 'width', 'and', 'the', 'first', 'ligature']],
    ['Переговори в Києві: «Ми повернулися»', ['переговори', 'в', 'києві', 'ми', 'повернулися']],
    ['Rates at 3.25%, up from 3%', ['rates', 'at', '3', '25', 'up', 'from', '3']],
    ['air-policing rota; F-35s', ['air', 'policing', 'rota', 'f', '35s']],
    ['', []],
    ['— … !!! ', []],
  ])('%s', (text, words) => {
    expect(searchWords(text)).toEqual(words);
  });

  test.each([
    ['東京都で選挙が行われた', ['東京', '都', 'で', '選挙', 'が', '行', 'われ', 'た']],
    ['北京市举行选举', ['北京市', '举行', '选举']],
    ['ภาษาไทยง่ายนิดเดียว', ['ภาษา', 'ไทย', 'ง่าย', 'นิด', 'เดียว']],
    ['2026年の予算', ['2026', '年', 'の', '予算']],
  ])('a script written without spaces is cut into its words: %s', (text, words) => {
    expect(searchWords(text)).toEqual(words);
  });

  test('marks that are part of a letter are kept; accents and optional vowel signs are not', () => {
    // Japanese voicing marks (ガ is not カ), also from half-width katakana; Devanagari and Thai vowel signs.
    expect(searchWords('ガス ｶﾞｽ')).toEqual(['ガス', 'ガス']);
    expect(searchWords('नमस्ते दुनिया')).toEqual(['नमस्ते', 'दुनिया']);
    // Hebrew points and Arabic short vowels are left out, as readers mostly leave them out.
    expect(searchWords('שָׁלוֹם')).toEqual(['שלום']);
    expect(searchWords('كَتَبَ')).toEqual(['كتب']);
    // Korean is written with spaces, and keeps its syllables.
    expect(searchWords('행정 수도')).toEqual(['행정', '수도']);
  });

  test('a word longer than any language needs is left out', () => {
    expect(searchWords(`short ${'x'.repeat(61)} word`)).toEqual(['short', 'word']);
    expect(searchWords(`${'y'.repeat(60)}`)).toEqual(['y'.repeat(60)]);
  });

  test('indexed text is the folded words with single spaces', () => {
    expect(indexText('  The  Quay,\nat DAWN ', english)).toBe('the quay at dawn');
  });

  test('body text leaves out tags, attributes and entities', () => {
    const html = '<h2>A heading</h2>\n<p>See <a href="https://example.org/secret-path">the report</a> &mdash; it&#8217;s &amp; <img src="/x.svg" alt="ignored"></p>';
    expect(searchWords(bodyText(html))).toEqual(['a', 'heading', 'see', 'the', 'report', 'it', 's']);
  });
});

describe('a reader\'s search', () => {
  test('is folded like the text it searches, without repeated words', () => {
    expect(parseSearch('Zürich zurich  BANK', english)).toEqual({ words: ['zurich', 'bank'], prefixLast: true });
  });

  test('finds longer words from its last word only when that word has three letters or more', () => {
    expect(parseSearch('ferr', english)?.prefixLast).toBe(true);
    expect(parseSearch('port ar', english)?.prefixLast).toBe(false);
  });

  test('looks for the stems of its words, as articles are indexed', () => {
    expect(indexText('Elections and an election; ferries, a ferry', english)).toBe('elect and an elect ferri a ferri');
    expect(parseSearch('Elections ferry', english)).toEqual({ words: ['elect', 'ferri'], prefixLast: false });
  });

  test('finds longer words from its last word only when that word is its own stem, as a word cut short is', () => {
    // "infl" may be the start of "inflation"; "elections" is a word with an ending, looked for by its stem alone.
    expect(parseSearch('rates infl', english)).toEqual({ words: ['rate', 'infl'], prefixLast: true });
    expect(parseSearch('elections', english)).toEqual({ words: ['elect'], prefixLast: false });
    // The last word's stem is an earlier word's, so another word is last: that one is not lengthened.
    expect(parseSearch('governing rates govern', english)).toEqual({ words: ['govern', 'rate'], prefixLast: false });
  });

  test('in a language without a stemmer, looks for the words as they are', () => {
    const ukrainian = stemmingFor('uk');
    expect(parseSearch('Вибори виборів', ukrainian)!.words).toEqual(['вибори', 'виборів']);
    expect(indexText('Elections', ukrainian)).toBe('elections');
  });

  test('with nothing to look for is null', () => {
    expect(parseSearch('', english)).toBeNull();
    expect(parseSearch('   ?! -- ', english)).toBeNull();
  });

  test(`keeps at most ${MAX_SEARCH_WORDS} words, and reads at most 200 characters`, () => {
    expect(parseSearch('a b c d e f g h i j k', english)!.words).toHaveLength(MAX_SEARCH_WORDS);
    expect(parseSearch(`${' '.repeat(200)}hidden`, english)).toBeNull();
  });

  test('becomes queries in which no operator can be typed', () => {
    const terms = parseSearch('"ferry" OR NOT near(port) AND* ferr', english)!;
    expect(terms.words).toEqual(['ferri', 'or', 'not', 'near', 'port', 'and', 'ferr']);
    expect(fts5Query(terms)).toBe('"ferri" "or" "not" "near" "port" "and" "ferr"*');
    expect(tsQuery(terms)).toBe('ferri & or & not & near & port & and & ferr:*');
    expect(fts5Query(parseSearch('port ar', english)!)).toBe('"port" "ar"');
  });

  test('asks PostgreSQL for the words only where they have the given weights', () => {
    expect(tsQuery(parseSearch('harbour ferr', english)!, 'A')).toBe('harbour:A & ferr:*A');
    expect(tsQuery(parseSearch('harbour ar', english)!, 'AB')).toBe('harbour:AB & ar:AB');
    expect(tsQuery(parseSearch('harbour ar', english)!)).toBe('harbour & ar');
  });
});

describe('the words of a result that match', () => {
  const marked = (text: string, query: string) =>
    highlightParts(text, parseSearch(query, english)!, english)
      .map((p) => (p.hit ? `[${p.text}]` : p.text))
      .join('');

  test.each([
    ['Ferries return to Valmora', 'valmora ferries', '[Ferries] return to [Valmora]'],
    ['Zürich café reopens', 'zurich cafe', '[Zürich] [café] reopens'],
    ['Ferry, ferries and ferrymen', 'ferr', '[Ferry], [ferries] and [ferrymen]'],
    ['Port Ardis and the airport', 'port ar', '[Port] Ardis and the airport'],
    ['No match here', 'valmora', 'No match here'],
    ['<b>Tags</b> & "quotes"', 'tags', '<b>[Tags]</b> & "quotes"'],
    ['Rates at 3.25%', '25', 'Rates at 3.[25]%'],
    ['Election night: the elected council meets', 'elections', '[Election] night: the [elected] council meets'],
    ['Inflation and inflated rents', 'infl', '[Inflation] and [inflated] rents'],
    ['Electricity prices before the election', 'elections', 'Electricity prices before the [election]'],
    ['東京都で選挙が行われた', '選挙', '東京都で[選挙]が行われた'],
    ['北京市举行选举', '选举 北京市', '[北京市]举行[选举]'],
  ])('%s, searched for "%s"', (text, query, expected) => {
    expect(marked(text, query)).toBe(expected);
  });

  test('the parts put together are the text as it was', () => {
    const text = 'Ｆｕｌｌ width, Kraków — and “quotes”';
    expect(highlightParts(text, parseSearch('krakow full', english)!, english).map((p) => p.text).join('')).toBe(text);
  });
});
