// Vocabulary and Markdown body templates for the benchmark data set. Text is random words in a newsroom
// shape: headings, quotes with an attribution, lists and the odd link, so pages have a realistic size and mix.

/** A small deterministic PRNG (mulberry32), so the same options give the same data set. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `count` distinct items (count must not exceed items.length). */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(Math.floor(this.next() * items.length));
    return [...chosen].map((i) => items[i]!);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

export const WORDS = (
  'government minister council election vote budget policy reform talks summit treaty border trade tariff ' +
  'market bank rates inflation prices wages housing energy power grid cable pipeline port harbour ship ' +
  'shipping freight insurance navy frigate patrol strait coast island city region province capital mayor ' +
  'parliament committee report inquiry court ruling judge appeal law bill amendment coalition party leader ' +
  'opposition campaign poll voters turnout agreement deal plan proposal warning forecast growth recession ' +
  'exports imports industry factory workers union strike pay contract pension health hospital doctors nurses ' +
  'schools teachers students university research scientists study data survey glacier ice climate weather ' +
  'storm flood drought harvest farmers fishing water rivers forest wildlife museum festival theatre film ' +
  'music artists writers library stadium league season match team coach players final record transfer ' +
  'software network security cyber attack data privacy platform startup investors shares profits losses ' +
  'airline airport railway tunnel bridge road transport commuters fares tax spending deficit debt bonds ' +
  'currency exchange central officials diplomats ambassador ministry defence army troops exercise alliance ' +
  'ceasefire refugees aid relief villages residents families children community police crime investigation ' +
  'witness evidence statement spokesman spokeswoman analysts economists critics supporters protesters crowd ' +
  'morning afternoon evening week month year decade quarter figures percent rise fall increase decline ' +
  'higher lower early late new old first last major minor local national regional northern southern ' +
  'eastern western public private independent official senior former current next previous long short ' +
  'said told warned agreed rejected approved announced confirmed denied expected planned proposed raised cut ' +
  'opened closed signed delayed blocked backed criticised welcomed launched reported published revealed'
).split(' ');

export const PLACES = [
  'Orsenland', 'Tolvany', 'Port Ardis', 'Valmora', 'Kestria', 'Lindmere', 'Castrova', 'Duvenne', 'Tarnhald',
  'Sabrenne', 'Velloran', 'Northreach', 'Emberly', 'Caldera Bay', 'Ostmark', 'Rivenhall', 'Sundwire', 'Bramholt',
];

const FIRST_NAMES = [
  'Ines', 'Odile', 'Ruben', 'Annick', 'Tomas', 'Mira', 'Jonas', 'Leila', 'Pavel', 'Noor', 'Elena', 'Kofi',
  'Sanne', 'Dario', 'Hanne', 'Yusuf', 'Greta', 'Malik', 'Ada', 'Felix', 'Ilse', 'Omar', 'Vera', 'Bastian',
];
const LAST_NAMES = [
  'Calder', 'Marchetti', 'Okafor-Lind', 'Delveaux', 'Brask', 'Halvorsen', 'Moreau', 'Petrov', 'Nakamura',
  'Oyelaran', 'Lindqvist', 'Ferreira', 'Novak', 'Achterberg', 'Sorensen', 'Vasquez', 'Keller', 'Amrani',
];

export function personName(random: Random): string {
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function words(random: Random, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(random.chance(0.04) ? random.pick(PLACES) : random.pick(WORDS));
  return out.join(' ');
}

function sentence(random: Random, min = 8, max = 22): string {
  let text = capitalize(words(random, random.int(min, max)));
  if (random.chance(0.08)) text = text.replace(/ (\w+) (\w+)/, ' **$1 $2**');
  else if (random.chance(0.06)) text = text.replace(/ (\w+)$/, ' _$1_');
  else if (random.chance(0.05)) text = text.replace(/ (\w+) (\w+)/, ' [$1 $2](https://example.org/reports/$1-$2)');
  else if (random.chance(0.15)) text += `, ${words(random, random.int(3, 8))}`;
  return `${text}.`;
}

function paragraph(random: Random, sentences: number): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push(sentence(random));
  return out.join(' ');
}

type Block = 'p' | 'short' | 'h2' | 'h3' | 'quote' | 'ul' | 'ol' | 'hr';

/** Block layouts of a news story, an analysis and an explainer; each adds up to about 600 words. */
const TEMPLATES: Block[][] = [
  ['p', 'p', 'quote', 'p', 'h2', 'p', 'p', 'short', 'h2', 'p', 'quote', 'p', 'p', 'short'],
  ['p', 'short', 'p', 'h2', 'p', 'ul', 'p', 'h2', 'p', 'p', 'quote', 'h2', 'p', 'short'],
  ['short', 'p', 'p', 'h2', 'ol', 'p', 'p', 'h3', 'p', 'quote', 'p', 'hr', 'short'],
  ['p', 'p', 'p', 'quote', 'h2', 'p', 'ul', 'p', 'h2', 'p', 'p'],
  ['p', 'h2', 'p', 'p', 'h2', 'p', 'quote', 'p', 'h2', 'ol', 'p', 'short'],
];

/** A Markdown article body of about 600 words from one of the templates. */
export function articleBody(random: Random, templateIndex: number): string {
  const template = TEMPLATES[templateIndex % TEMPLATES.length]!;
  const blocks = template.map((block) => {
    switch (block) {
      case 'p':
        return paragraph(random, random.int(3, 5));
      case 'short':
        return paragraph(random, random.int(2, 3));
      case 'h2':
        return `## ${capitalize(words(random, random.int(3, 6)))}`;
      case 'h3':
        return `### ${capitalize(words(random, random.int(2, 5)))}`;
      case 'quote':
        return `> "${sentence(random, 14, 26)} ${sentence(random)}"\n>\n> — ${personName(random)}, ${words(random, random.int(2, 4))}`;
      case 'ul':
        return Array.from({ length: random.int(3, 5) }, () => `- ${capitalize(words(random, random.int(6, 14)))}`).join('\n');
      case 'ol':
        return Array.from({ length: random.int(3, 5) }, () => `1. ${capitalize(words(random, random.int(6, 14)))}`).join('\n');
      case 'hr':
        return '---';
    }
  });
  return `${blocks.join('\n\n')}\n`;
}

export const TEMPLATE_COUNT = TEMPLATES.length;

export function headline(random: Random): string {
  const place = random.pick(PLACES);
  const forms = [
    () => `${place} ${random.pick(WORDS)} ${random.pick(WORDS)} as ${random.pick(WORDS)} ${random.pick(WORDS)} ${random.pick(WORDS)}`,
    () => `${personName(random)} warns ${random.pick(WORDS)} ${random.pick(WORDS)} could ${random.pick(WORDS)} ${random.pick(WORDS)}`,
    () => `Why the ${random.pick(WORDS)} ${random.pick(WORDS)} matters for ${place}`,
    () => `${capitalize(random.pick(WORDS))} ${random.pick(WORDS)} ${random.pick(WORDS)} ${random.int(2, 40)} per cent in ${place}`,
    () => `${capitalize(words(random, random.int(5, 9)))} in ${place}`,
  ];
  return random.pick(forms)();
}

export function standfirst(random: Random): string {
  return `${sentence(random, 18, 30).replace(/[*_[\]]/g, '').replace(/\(https?:[^)]*\)/g, '')}`;
}

export function description(random: Random): string {
  return capitalize(`${words(random, random.int(8, 14))}.`);
}
