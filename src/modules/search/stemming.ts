// Search finds the forms of a word by their stem in the site's language (SITE_LANGUAGE): "elections"
// finds "election" and "elected", "ferries" finds "ferry". Articles are indexed by the stems of their
// folded words and a search looks for the stems of its own, with Snowball's algorithm for the language
// (see docs/decisions.md); a language without one is searched by its words as they are.
import { createRequire } from 'node:module';
import type * as Snowball from 'snowball-stemmers';

/** Snowball's algorithms by the primary subtag of a BCP 47 language tag. */
const ALGORITHMS: Readonly<Record<string, string>> = {
  ar: 'arabic', ca: 'catalan', cs: 'czech', da: 'danish', de: 'german', en: 'english', es: 'spanish', eu: 'basque', fi: 'finnish',
  fr: 'french', ga: 'irish', hu: 'hungarian', hy: 'armenian', it: 'italian', nb: 'norwegian', nl: 'dutch', nn: 'norwegian', no: 'norwegian',
  pt: 'portuguese', ro: 'romanian', ru: 'russian', sl: 'slovene', sv: 'swedish', ta: 'tamil', tr: 'turkish',
};

export interface Stemming {
  /** The algorithm's name, or "none": what the index was written with (stored, see search.service.ts). */
  readonly name: string;
  /** The stem of a folded word (see searchWords()). */
  stem(word: string): string;
}

/** Stems kept per language: a site's vocabulary is a few tens of thousands of words, most of them rare. */
const REMEMBERED_STEMS = 50_000;

const NO_STEMMING: Stemming = { name: 'none', stem: (word) => word };
const byLanguage = new Map<string, Stemming>();

/** The stemming for a site language (a BCP 47 tag such as en or pt-BR). */
export function stemmingFor(language: string): Stemming {
  let stemming = byLanguage.get(language);
  if (stemming === undefined) {
    const algorithm = ALGORITHMS[language.split('-')[0]!.toLowerCase()];
    stemming = algorithm === undefined ? NO_STEMMING : snowballStemming(algorithm);
    byLanguage.set(language, stemming);
  }
  return stemming;
}

/**
 * A Snowball stemmer, loaded on first use (its 24 algorithms are 850 KB of code that a server without
 * searches never needs), with the stems it has worked out remembered: an article repeats its words,
 * and a stem takes a few microseconds to work out.
 */
function snowballStemming(algorithm: string): Stemming {
  let stemmer: Snowball.Stemmer | undefined;
  const stems = new Map<string, string>();
  return {
    name: algorithm,
    stem(word) {
      let stem = stems.get(word);
      if (stem === undefined) {
        stemmer ??= (createRequire(import.meta.url)('snowball-stemmers') as typeof Snowball).newStemmer(algorithm);
        stem = stemmer.stem(word);
        if (stems.size >= REMEMBERED_STEMS) stems.clear();
        stems.set(word, stem);
      }
      return stem;
    },
  };
}
