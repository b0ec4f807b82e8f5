// Porter's stemming algorithm (M. F. Porter, 1980), for matching a question's words to a statement's:
// "encircled", "encircle" and "encirclement" all become "encircl"; "evacuated" and "evacuations"
// become "evacu". Ukrainian and Russian words get a light suffix stemmer (`cyrillicStem`), so that
// "Курськ", "Курська", "Курської" and "Курская" meet, as do "перемир'я", "перемирие" and "перемир'ям".
// Other scripts pass through unchanged. Irregular forms ("retook") are the vocabulary's job.

const consonant = '[^aeiou]';
const vowel = '[aeiouy]';
const consonants = `${consonant}[^aeiouy]*`;
const vowels = `${vowel}[aeiou]*`;
/** [C]VC...: measure greater than 0. */
const measureAbove0 = new RegExp(`^(${consonants})?${vowels}${consonants}`);
/** [C]VC[V]: measure exactly 1. */
const measureIs1 = new RegExp(`^(${consonants})?${vowels}${consonants}(${vowels})?$`);
/** [C]VCVC...: measure greater than 1. */
const measureAbove1 = new RegExp(`^(${consonants})?${vowels}${consonants}${vowels}${consonants}`);
const hasVowel = new RegExp(`^(${consonants})?${vowel}`);
/** Consonant-vowel-consonant at the end, the last not w, x or y: "hop", not "snow". */
const endsCvc = new RegExp(`^${consonants}${vowel}[^aeiouwxy]$`);

const step2Suffixes: Record<string, string> = {
  ational: 'ate',
  tional: 'tion',
  enci: 'ence',
  anci: 'ance',
  izer: 'ize',
  bli: 'ble',
  alli: 'al',
  entli: 'ent',
  eli: 'e',
  ousli: 'ous',
  ization: 'ize',
  ation: 'ate',
  ator: 'ate',
  alism: 'al',
  iveness: 'ive',
  fulness: 'ful',
  ousness: 'ous',
  aliti: 'al',
  iviti: 'ive',
  biliti: 'ble',
  logi: 'log',
};
const step3Suffixes: Record<string, string> = {
  icate: 'ic',
  ative: '',
  alize: 'al',
  iciti: 'ic',
  ical: 'ic',
  ful: '',
  ness: '',
};
const step2 =
  /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;
const step3 = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;
const step4 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
const step4Ion = /^(.+?)(s|t)(ion)$/;

const cache = new Map<string, string>();
const maxCached = 20_000;

/** The word's Porter stem: "casualties" -> "casual", "confirmed" -> "confirm". */
export function stem(word: string): string {
  const known = cache.get(word);
  if (known !== undefined) return known;
  const result = /^[a-z]{3,}$/.test(word)
    ? porter(word)
    : cyrillicWord.test(word)
      ? cyrillicStem(word)
      : word;
  if (cache.size < maxCached) cache.set(word, result);
  return result;
}

function porter(input: string): string {
  // A leading y is a consonant: mark it so the vowel patterns do not take it for one.
  const leadingY = input.startsWith('y');
  let word = leadingY ? `Y${input.slice(1)}` : input;

  // Step 1a: plurals.
  if (/^(.+?)(ss|i)es$/.test(word)) word = word.replace(/^(.+?)(ss|i)es$/, '$1$2');
  else if (/^(.+?)([^s])s$/.test(word)) word = word.replace(/^(.+?)([^s])s$/, '$1$2');

  // Step 1b: -eed, -ed, -ing.
  const eed = /^(.+?)eed$/.exec(word);
  const edIng = /^(.+?)(ed|ing)$/.exec(word);
  if (eed) {
    if (measureAbove0.test(eed[1] ?? '')) word = word.slice(0, -1);
  } else if (edIng) {
    const base = edIng[1] ?? '';
    if (hasVowel.test(base)) {
      word = base;
      if (/(at|bl|iz)$/.test(word)) word = `${word}e`;
      else if (/([^aeiouylsz])\1$/.test(word)) word = word.slice(0, -1);
      else if (endsCvc.test(word)) word = `${word}e`;
    }
  }

  // Step 1c: y -> i after a vowel in the stem.
  const endsY = /^(.+?)y$/.exec(word);
  if (endsY && hasVowel.test(endsY[1] ?? '')) word = `${endsY[1]}i`;

  // Steps 2 and 3: double and single suffixes mapped to shorter ones.
  const second = step2.exec(word);
  if (second && measureAbove0.test(second[1] ?? ''))
    word = `${second[1]}${step2Suffixes[second[2] ?? ''] ?? ''}`;
  const third = step3.exec(word);
  if (third && measureAbove0.test(third[1] ?? '')) word = `${third[1]}${step3Suffixes[third[2] ?? ''] ?? ''}`;

  // Step 4: suffixes removed where the stem is long enough.
  const fourth = step4.exec(word);
  const fourthIon = step4Ion.exec(word);
  if (fourth) {
    if (measureAbove1.test(fourth[1] ?? '')) word = fourth[1] ?? word;
  } else if (fourthIon) {
    const base = `${fourthIon[1] ?? ''}${fourthIon[2] ?? ''}`;
    if (measureAbove1.test(base)) word = base;
  }

  // Step 5: a final -e, and -ll.
  const endsE = /^(.+?)e$/.exec(word);
  if (endsE) {
    const base = endsE[1] ?? '';
    if (measureAbove1.test(base) || (measureIs1.test(base) && !endsCvc.test(base))) word = base;
  }
  if (/ll$/.test(word) && measureAbove1.test(word)) word = word.slice(0, -1);

  return leadingY ? `y${word.slice(1)}` : word;
}

const cyrillicWord = /^[а-яёіїєґ]{3,}$/;

/** Reflexive endings of Ukrainian and Russian verbs: "відбувається", "вернулись". */
const reflexive = /(ся|сь)$/;

/**
 * Inflectional endings of Ukrainian and Russian nouns, adjectives, participles and past-tense verbs,
 * longest first: the stemmer takes off the longest that leaves a stem of at least three letters.
 */
const cyrillicSuffixes = [
  ...new Set(
    `ування ювання ання яння ення іння ование евание ание ение енням енню анням анню ением ению ения ении
    анием анию ания ании ого его ому ему ими іми ыми ами ями ові еві ови ила ило или ала ало али ела ело ели
    ула ули ено ано ена ены ий ій ої ою ею ей ой ый ая яя ое ее ые ие ую юю их іх ых им ім ым ом ем ам ям ах
    ях ів їв ов ев ия ія ии ию ію ье ья ил ал ел ив ав ує яє ає ють ать ять ить ует яет ает еет яют ают ет ит
    ут ют а я о е є і ї и ы у ю й ь`.split(/\s+/),
  ),
].sort((a, b) => b.length - a.length);

/**
 * A light stemmer for Ukrainian and Russian: the reflexive ending, then the longest inflectional
 * ending, then the soft and hard signs and "ё" (Ukrainian "Курськ" and Russian "Курск" meet).
 * Not a full morphology: enough for a question's words to meet a statement's and a name's.
 */
function cyrillicStem(input: string): string {
  let word = input.replace(/ё/g, 'е');
  if (word.length >= 6) word = word.replace(reflexive, '');
  for (const suffix of cyrillicSuffixes) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      word = word.slice(0, -suffix.length);
      break;
    }
  }
  return word.replace(/[ьъ]/g, '').replace(/ї/g, 'і');
}
