// Word lists the link rule reads in more than one step: the words that point to an address, and the
// words that make a "com" after a forgotten space Portuguese rather than an address.

/**
 * Pointing words that need something after them, so no sentence ends with one: "visit Casino.Net now"
 * names a place, while "I was there.Net migration rose" and "we will see.Info was scarce" end a sentence.
 */
const WORDS_BEFORE_AN_ADDRESS: ReadonlySet<string> = new Set([
  'at', 'visit', 'via', 'www', 'http', 'https', 'на', 'в', 'у', 'до', 'з', 'с', 'від', 'от', 'заходите', 'заходьте',
  'переходите', 'переходьте',
]);

/** Words before an address that point to it: "at casino.world", "visit pills.love". Those above, and these. */
const POINTING_WORDS: ReadonlySet<string> = new Set([
  ...WORDS_BEFORE_AN_ADDRESS,
  'on', 'to', 'see', 'try', 'from', 'check', 'read', 'go', 'join', 'follow', 'site', 'website', 'link', 'url', 'page',
  'here', 'there', 'тут', 'здесь', 'сайт', 'сайте', 'сайті', 'дивіться', 'смотрите', 'посилання', 'ссылка', 'ссылке',
  'адрес', 'адреса',
]);

export function isPointingWord(word: string): boolean {
  return POINTING_WORDS.has(word.toLowerCase());
}

export function isWordBeforeAnAddress(word: string): boolean {
  return WORDS_BEFORE_AN_ADDRESS.has(word.toLowerCase());
}

/**
 * Portuguese words that follow "Com" (with) at the start of a sentence ("Com certeza", "Com isso", "Com
 * o tempo"), and Catalan ones after "Com" (how). In English "Com" starts no sentence: "Booking.Com has
 * the cheapest hotels" is an address.
 */
const WORDS_AFTER_COM: ReadonlySet<string> = new Set([
  'certeza', 'isso', 'isto', 'o', 'a', 'os', 'as', 'um', 'uma', 'uns', 'umas', 'ele', 'ela', 'eles', 'elas', 'eu',
  'você', 'vocês', 'nós', 'todo', 'toda', 'todos', 'todas', 'tudo', 'muito', 'muita', 'muitos', 'muitas', 'tanto',
  'tanta', 'tantos', 'tantas', 'esse', 'essa', 'esses', 'essas', 'este', 'esta', 'estes', 'estas', 'aquele',
  'aquela', 'meu', 'minha', 'seu', 'sua', 'nosso', 'nossa', 'mais', 'menos', 'apenas', 'só', 'quem', 'que',
  'base', 'efeito', 'relação', 'respeito', 'razão', 'sorte', 'calma', 'cuidado', 'licença', 'prazer', 'pena',
  'medo', 'tempo', 'certo', 'certa',
  'va', 'és', 'es', 'ho', 'estàs', 'està', 'sempre',
]);

export function isWordAfterCom(word: string): boolean {
  return WORDS_AFTER_COM.has(word.toLowerCase());
}
