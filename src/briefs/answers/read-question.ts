// Reads a free-text question: what kind of answer it wants (a figure, a date, a verdict...), what it
// names (places, actors, topics, concepts, units, sides), what it names that the store does not
// hold, and any quantity it compares against ("1,500 km"). Deterministic: patterns and the lexicon.
import type { FactStore } from '../../data/fact-store.js';
import type { ActorSide } from '../../data/schema.js';
import type { EntityReference, Unit } from '../../data/vocabulary.js';
import { wordsIn } from '../../i18n/words.js';
import { type Lexicon, type Mention, wordsOf } from './lexicon.js';
import { stem } from './stem.js';

const questionKinds = [
  'figure',
  'date',
  'verdict',
  'capability',
  'actors',
  'where',
  'place',
  'currency',
  'sources',
  'general',
] as const;
type QuestionKind = (typeof questionKinds)[number];

export interface Quantity {
  value: number;
  unit?: Unit;
  /** "more than 500 km": at-least; "under 60 days": at-most; "a range of 1,000 miles": about. */
  comparison: 'at-least' | 'at-most' | 'about';
}

/** Something the question names that the store does not hold. */
export interface AbsentMention {
  /** As the answer says it: "the city of Kursk", "Oleksandr Syrskyi", "Wotan". */
  what: string;
  /** True when `what` is the user's own typing (quoted when shown), not the vocabulary's words. */
  typed: boolean;
  nearest?: EntityReference;
}

export interface Question {
  text: string;
  kind: QuestionKind;
  /** Content words as typed, lower case: what the full-text search is given. */
  words: string[];
  /** Content words' stems. */
  stems: string[];
  /** Concepts the question's words name. */
  namedConcepts: string[];
  /** The named concepts with the concepts they are kinds of. */
  concepts: Set<string>;
  places: string[];
  actors: string[];
  topics: string[];
  sides: Set<ActorSide>;
  /** The side of the first speaker or side the question names: Russia in "did Russia confirm ...". */
  subjectSide?: ActorSide;
  absent: AbsentMention[];
  /** Content words no statement, name or term uses. */
  unknown: string[];
  quantity?: Quantity;
  /** The unit the question wants the answer in: "how far in miles". */
  askedUnit?: Unit;
}

/** Words that carry no content in a question ("what is the latest on ..."). */
const scaffolding = new Set(
  `a an and are as at be by can could did do does for from has have how i in is it its of on or that the their this
  to was were what when where which who whom why will with would about after before many much any there tell me please
  know latest news happening happen happened going situation status say says said think sitrep you your been being into
  than just now today currently current still yet also really actually right anything something whats whos let us give
  show find update updates ever true he she they them we our whether if not no so some other one get got does dont didnt
  isnt arent wasnt hasnt havent right now things stand standing front there are isn t d ll ve re m over happens`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * The same in Ukrainian and Russian (as `wordsOf` writes them: lower case, "ё" as "е"): question
 * words, particles, "what is happening", "latest", "how far". A word is scaffolding in either language.
 */
const cyrillicScaffolding = new Set(
  `і й та а в у на з із зі до від про за по для що чи як де коли хто кого який яка яке які якого якої якій
  яких скільки це цей ця ці був була було були є його її їх там ли не ні так вже ще саме зараз нині наразі
  сьогодні мені нам скажи скажіть розкажи розкажіть будь ласка відбувається відбуваються діється ситуація
  ситуацію ситуації справи новини новин нового нового останні останнє останній останнього правда справді
  далеко наскільки може можуть міг могла могли можна відомо чого чому стан становище взагалі
  и во с со к от о об что как где когда кто кого какой какая какое какие какого какой каких сколько это этот
  эта эти был была было были есть его ее их там ни уже еще сейчас ныне сегодня мне нам скажи скажите
  расскажи расскажите пожалуйста происходит происходят ситуация ситуацию ситуации дела новости новостей
  нового последние последнее последний последнего правда действительно далеко насколько может могут мог
  могла могли можно известно чего почему состояние положение вообще`
    .split(/\s+/)
    .filter(Boolean),
);
const isScaffolding = (word: string) => scaffolding.has(word) || cyrillicScaffolding.has(word);

const speechVerbs =
  'say|says|said|saying|claim|claims|claimed|claiming|report|reports|reported|warn|warns|warned|warning|think|thinks|believe|believes|expect|expects|expected|predict|predicts|deny|denies|denied|dispute|disputes|disputed|confirm|confirms|confirmed|announce|announces|announced|propose|proposes|proposed|assess|assesses|assessed|suggest|suggests|fear|fears|insist|insists|insisted|accuse|accused|call|called';

const patterns = {
  currency: [
    /\bhow (current|recent|old|fresh|new|up to date|dated)\b.*\b(information|info|data|store|facts?|news|this|it|sitrep|answers?|statements?|reporting)\b/,
    /\b(up to date|uptodate|last updated?|outdated|stale|latest update)\b/,
    /\bwhen (was|were|did|is) .*\b(updated|update|refreshed)\b/,
  ],
  sourcesScoped:
    /\bsources? (for|of|behind|backing|back|that back|on|about|cited)\b|\b(which|what) outlets? (reported|wrote|published)\b/,
  sources:
    /\b(sources?|outlets?|where does (this|the|your|that|sitreps) (information|info|data|news|answer) come from|who wrote)\b/,
  actors: new RegExp(
    `^(who|whom|which (officials|sources|countries|governments|leaders|side|sides|actors|people|outlets|analysts|ministry|ministries))\\b.*\\b(${speechVerbs})\\b|^according to whom\\b|^who (is|was|are|were) (saying|claiming|reporting|warning)\\b`,
  ),
  control: /^who (controls?|holds?|is in control|has control|is holding)\b/,
  capability:
    /\bhow far\b|\brange\b|\breach(es)?\b|\bdistance\b|\b(can|could|will|would)\b.*\b(strike|hit|fly|travel)\b/,
  figure:
    /\bhow (many|much|large|big)\b|\bnumber of\b|\b(toll|count|tally|total)\b|\bhow long\b(?! ago| since)|\bwhat (figure|number|size)\b|\bfigures?\b/,
  date: /^(when|since when|what (date|day|month|year|time)|on what (date|day)|which (date|day|month))\b|\bwhen (did|was|were|is|will|has|have|does)\b|\b(what|which) date\b/,
  where: /^where\b|\bin which (region|place|town|area|village)\b/,
  place:
    /\b(situation|happening|going on|status|latest|news|update|updates|developments|things|front line|frontline|stand|standing|look like|doing)\b/,
  verdict:
    /^(did|does|do|has|have|had|is|are|was|were|will|would|can|could|should|isnt|didnt|hasnt|arent|wasnt|havent|is it true|it is true)\b/,
};

/** A Ukrainian or Russian word or phrase standing alone (`\b` knows only Latin letters). */
const word = (alternatives: string, flags = 'u') =>
  new RegExp(`(?<!\\p{L})(?:${alternatives})(?!\\p{L})`, flags);
/** ...or at the start of a word ("скільк" for скільки, "дальн" for дальність, дальность). */
const wordStart = (alternatives: string) => new RegExp(`(?<!\\p{L})(?:${alternatives})`, 'u');
/** ...or opening the question. */
const opening = (alternatives: string) => new RegExp(`^(?:${alternatives})(?!\\p{L})`, 'u');

const cyrillicSpeechVerbs =
  'каж|казав|казал|сказ|заявля|заяв|стверджу|тверд|утвержда|повідомля|повідом|сообща|сообщ|заперечу|заперечи|запереч|отрица|спросту|опроверг|підтвердж|підтверд|подтвержд|подтверд|пропону|запропон|предлага|предлож|попереджа|попереди|предупрежда|предупреди|оціню|оцени|вважа|счита|говор|оголош|оголоси|объяв|прогнозу';

/** Ukrainian and Russian forms of the same kinds of question, read on the same lower-cased text. */
const cyrillicPatterns = {
  currency: [
    wordStart('наскільки (актуальн|свіж|нов)|насколько (актуальн|свеж|нов)'),
    wordStart('коли (було |була |були )?(оновл)|когда (было |была |были )?(обновл)'),
    wordStart('останнє оновлення|последнее обновление|востаннє оновл|последний раз обновл'),
  ],
  sourcesScoped: wordStart(
    'джерела (для|щодо|про|цієї|цього)|источники (для|о|об|по|этой|этого)|які видання (повідом|писал)|какие издания (сообщ|писал)',
  ),
  sources: wordStart(
    'джерел|источник|звідки (ця |ці )?(інформаці|дані|новин)|откуда (эта |эти )?(информаци|данные|новост)',
  ),
  actors: new RegExp(
    `^(хто|кто|які (посадовці|джерела|країни|уряди|сторони|аналітики)|какие (чиновники|источники|страны|правительства|стороны|аналитики))(?!\\p{L}).*(?<!\\p{L})(${cyrillicSpeechVerbs})|^за (чиїми|чьим) (даними|данным)`,
    'u',
  ),
  control: opening(
    'хто (контролює|утримує|тримає)|кто (контролирует|удерживает)|під чиїм контролем|под чьим контролем',
  ),
  capability: wordStart(
    'як далеко|наскільки далеко|как далеко|дальн|радіус|радиус|на яку відстань|на какое расстояние|відстан|расстоян|(може|можуть|здатн|здатен|здатна) .*(вразит|уразит|дістат|долетіт|бит)|(может|могут|способн) .*(поразит|достат|долетет|бит)',
  ),
  figure: wordStart(
    'скільк|сколько|яка кількість|какое количество|кількість|количеств|число|цифр|як довго|как долго|скільки часу|сколько времени',
  ),
  date: wordStart(
    '^коли|^когда|^з якого|^с какого|якого числа|какого числа|якого дня|какого дня|(?<!\\p{L})коли(?!\\p{L})|(?<!\\p{L})когда(?!\\p{L})|яка дата|какая дата',
  ),
  where: wordStart(
    '^де(?!\\p{L})|^где(?!\\p{L})|в якій (області|місцевості|частині)|в какой (области|местности|части)|в якому (районі|місці)|в каком (районе|месте)',
  ),
  place: wordStart(
    'що відбувається|що діється|що там|яка ситуація|ситуаці|обстановк|становищ|як справи|що нового|останн|новин|что происходит|что там|какая ситуация|как дела|что нового|последн|новост|положени|на фронті|на фронте|лінія фронту|линия фронта',
  ),
  verdict: [
    opening('чи|хіба|невже|правда|це правда|это правда|верно ли|правда ли|действительно ли|ли'),
    word('ли'),
  ],
};

/** Words of a question about sources that say nothing of what the sources are about. */
const sourceWords =
  /^(sources?|information|info|data|come|comes|use|uses|used|rely|relies|back|backs|cite|cites|cited|outlets?|sitrep|wrote|published|behind|джерел\p{L}*|источник\p{L}*|інформац\p{L}*|информац\p{L}*|дан\p{L}*|видан\p{L}*|издани\p{L}*|спира\p{L}*|опира\p{L}*|звідки|откуда|використову\p{L}*|использу\p{L}*)$/u;

const lengthDimension = (unit: Unit | undefined) => unit?.dimension === 'length';

/** Reads the question against the store's lexicon. Pure: the same text always reads the same. */
export function readQuestion(text: string, lexicon: Lexicon, store: FactStore): Question {
  const lower = text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[’'`ʼ‘]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const words = wordsOf(text);
  const stems = words.map(stem);
  const matches = lexicon.match(stems);
  const covered = new Set<number>();
  const mentions: Mention[] = [];
  for (const match of matches) {
    for (let index = match.start; index < match.end; index++) covered.add(index);
    mentions.push(...match.mentions);
  }
  const unknown: string[] = [];
  stems.forEach((stemmed, index) => {
    const word = words[index] ?? '';
    if (covered.has(index) || isScaffolding(word) || /^\d/.test(word)) return;
    const corrected = lexicon.correct(stemmed);
    if (corrected) {
      mentions.push(...corrected);
      covered.add(index);
    } else if (!lexicon.stemFrequency.has(stemmed) && !lexicon.storeWords.has(word)) unknown.push(word);
  });

  const ids = (kind: Mention['kind']) => [
    ...new Set(mentions.filter((mention) => mention.kind === kind).map((mention) => mention.id)),
  ];
  const units = ids('unit').map((id) => lexicon.units.get(id));
  const quantity = readQuantity(text, lexicon);
  const askedUnit = quantity ? undefined : units.find((unit) => unit !== undefined);
  const absent = absentMentions(text, lower, ids('absent'), matches, words, lexicon, store);
  const contentIndexes = stems
    .map((_, index) => index)
    .filter((index) => !isScaffolding(words[index] ?? '') && !/^\d+$/.test(words[index] ?? ''));
  // "how long is the ceasefire": "long" asks for a length, it is not a content word.
  const howWord = (index: number) =>
    words[index - 1] === 'how' && ['long', 'far'].includes(words[index] ?? '');
  const content = contentIndexes.filter((index) => !howWord(index));
  const places = ids('place');
  const subject = [...matches]
    .sort((a, b) => a.start - b.start)
    .flatMap((match) => match.mentions)
    .find((mention) => mention.kind === 'side' || mention.kind === 'actor');
  const subjectSide = subject
    ? subject.kind === 'side'
      ? (subject.id as ActorSide)
      : store.actor(subject.id)?.side
    : undefined;
  const question: Question = {
    text,
    kind: 'general',
    words: content.map((index) => words[index] ?? ''),
    stems: content.map((index) => stems[index] ?? ''),
    namedConcepts: ids('concept'),
    concepts: lexicon.withBroader(ids('concept')),
    places,
    actors: ids('actor'),
    topics: ids('topic'),
    sides: new Set(ids('side') as ActorSide[]),
    subjectSide,
    absent,
    unknown,
    quantity,
    askedUnit,
  };
  question.kind = questionKind(lower, question, store);
  if (question.kind === 'sources') {
    // "Which sources back the claim about Sudzha": the claim is what to rank, not the word "sources".
    const kept = question.words
      .map((word, index) => ({ word, index }))
      .filter(({ word }) => !sourceWords.test(word));
    question.stems = kept.map(({ index }) => question.stems[index] ?? '');
    question.words = kept.map(({ word }) => word);
  }
  return question;
}

function questionKind(lower: string, question: Question, store: FactStore): QuestionKind {
  const onlyNames =
    question.stems.length > 0 && question.words.every((word) => isNameWord(word, question, store));
  if (/\p{Script=Cyrillic}/u.test(lower)) {
    const kind = cyrillicKind(lower, question, onlyNames);
    if (kind) return kind;
  }
  if (patterns.currency.some((pattern) => pattern.test(lower))) return 'currency';
  if (patterns.sourcesScoped.test(lower)) return 'sources';
  if (patterns.sources.test(lower) && !patterns.actors.test(lower)) return 'sources';
  if (lengthDimension(question.quantity?.unit) || lengthDimension(question.askedUnit)) return 'capability';
  if (patterns.capability.test(lower) && !patterns.date.test(lower)) return 'capability';
  if (question.quantity?.unit?.dimension === 'time' && question.quantity.comparison !== 'about')
    return 'figure';
  if (patterns.figure.test(lower) && !/^(when|where)\b/.test(lower)) return 'figure';
  if (patterns.date.test(lower)) return 'date';
  if (patterns.control.test(lower)) return 'verdict';
  if (patterns.actors.test(lower)) return 'actors';
  if (patterns.where.test(lower)) return 'where';
  if (question.places.length > 0 && (patterns.place.test(lower) || onlyNames)) return 'place';
  if (patterns.verdict.test(lower)) return 'verdict';
  return 'general';
}

/**
 * The kind of a question asked in Ukrainian or Russian, in the order the English kinds are tried;
 * undefined when no Ukrainian or Russian form says (a mixed question is then read as English).
 */
function cyrillicKind(lower: string, question: Question, onlyNames: boolean): QuestionKind | undefined {
  const p = cyrillicPatterns;
  if (p.currency.some((pattern) => pattern.test(lower))) return 'currency';
  if (p.sourcesScoped.test(lower)) return 'sources';
  if (p.sources.test(lower) && !p.actors.test(lower)) return 'sources';
  if (lengthDimension(question.quantity?.unit) || lengthDimension(question.askedUnit)) return 'capability';
  if (p.capability.test(lower) && !p.date.test(lower)) return 'capability';
  if (question.quantity?.unit?.dimension === 'time' && question.quantity.comparison !== 'about')
    return 'figure';
  if (p.figure.test(lower) && !/^(коли|когда|де|где)(?!\p{L})/u.test(lower)) return 'figure';
  if (p.date.test(lower)) return 'date';
  if (p.control.test(lower)) return 'verdict';
  if (p.actors.test(lower)) return 'actors';
  if (p.where.test(lower)) return 'where';
  if (question.places.length > 0 && (p.place.test(lower) || onlyNames)) return 'place';
  if (p.verdict.some((pattern) => pattern.test(lower))) return 'verdict';
  return undefined;
}

/** Whether a content word is part of a place's name: "sudzha", "kursk", "region". */
function isNameWord(word: string, question: Question, store: FactStore): boolean {
  return question.places.some((id) => {
    const place = store.place(id);
    if (!place) return false;
    const names = [place.name, ...place.aliases];
    if (names.some((name) => wordsOf(name).includes(word))) return true;
    // Ukrainian and Russian decline names: "Курській області" is "Курська область".
    return (
      /\p{Script=Cyrillic}/u.test(word) && names.some((name) => wordsOf(name).map(stem).includes(stem(word)))
    );
  });
}

/** "city of Kursk", "місто Курськ", "город Курск": a region asked about as a city. */
const cityWords = new Set([
  'city',
  'town',
  'місто',
  'міста',
  'місті',
  'містом',
  'город',
  'города',
  'городе',
  'городом',
]);

const numberPattern =
  /(?<![\p{L}\d-])(\d{1,3}(?:[,\s]\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|k)\b)?(?:\s*-?\s*([\p{L}]+))?/gu;
const atLeast =
  /(more than|over|above|beyond|exceed|exceeds|exceeding|at least|longer than|further than|farther than|greater than|bigger than|as far as|reach|reaches|hit|strike|targets|up to)\s*$/;
const atMost = /(less than|under|below|shorter than|fewer than|within|no more than)\s*$/;
const cyrillicAtLeast =
  /(?<!\p{L})(більше ніж|більш ніж|більше за|понад|щонайменше|принаймні|далі ніж|довше ніж|більше|больше чем|более чем|больше|более|свыше|не менее|как минимум|по крайней мере|дальше чем|дольше чем|досягти|досягнути|достать|достичь|уразити|вразити|поразить|до)\s*$/u;
const cyrillicAtMost =
  /(?<!\p{L})(менше ніж|менш ніж|менше за|менше|не більше ніж|не більше|у межах|в межах|меньше чем|менее чем|меньше|менее|не более чем|не более|в пределах|коротше ніж|короче чем)\s*$/u;

/** The first number in the question with its unit, if it is not a year or part of a name ("F-16"). */
function readQuantity(text: string, lexicon: Lexicon): Quantity | undefined {
  const lower = text.toLowerCase();
  for (const match of lower.matchAll(numberPattern)) {
    const digits = (match[1] ?? '').replace(/[,\s]/g, '');
    let value = Number(digits);
    if (!Number.isFinite(value)) continue;
    if (match[2]) value *= 1000;
    const unitWord = match[3] ? wordsOf(match[3])[0] : undefined;
    const unitMentions = unitWord ? lexicon.match([stem(unitWord)]) : [];
    const unitId = unitMentions
      .flatMap((found) => found.mentions)
      .find((mention) => mention.kind === 'unit')?.id;
    const unit = unitId ? lexicon.units.get(unitId) : undefined;
    if (!unit && value >= 1900 && value <= 2100 && Number.isInteger(value)) continue;
    const before = lower.slice(0, match.index ?? 0).trimEnd();
    // A distance asked about is a distance to reach: "a range of 1,000 miles" is reached or not.
    const comparison =
      atMost.test(before) || cyrillicAtMost.test(before)
        ? 'at-most'
        : atLeast.test(before) || cyrillicAtLeast.test(before) || unit?.dimension === 'length'
          ? 'at-least'
          : 'about';
    return { value, unit, comparison };
  }
  return undefined;
}

/**
 * Names the store does not hold: the vocabulary's absent names; a region asked about as a city ("the
 * city of Kursk"); a capitalised name no statement uses; and a speaker no statement has ("what did
 * Syrskyi say").
 */
function absentMentions(
  text: string,
  lower: string,
  absentIds: readonly string[],
  matches: readonly { start: number; end: number; mentions: readonly Mention[] }[],
  wordsOfMatch: readonly string[],
  lexicon: Lexicon,
  store: FactStore,
): AbsentMention[] {
  const found: AbsentMention[] = [];
  for (const id of absentIds) {
    const absent = lexicon.absent.get(id);
    if (absent) {
      const what = store.locale === 'en' ? absent.what : (absent.whatIn?.[store.locale] ?? absent.what);
      found.push({ what, nearest: absent.nearest, typed: false });
    }
  }
  for (const match of matches) {
    for (const mention of match.mentions) {
      const place = mention.kind === 'place' ? store.place(mention.id) : undefined;
      if (place?.kind !== 'region') continue;
      const near = wordsOfMatch.slice(Math.max(0, match.start - 2), match.end + 1);
      if (!near.some((word) => cityWords.has(word))) continue;
      const words = wordsIn(store.locale);
      // "місто Курськ": a declined name reads best as the question wrote it.
      const typedName = wordsOfMatch.slice(match.start, match.end).join(' ');
      const name =
        store.locale === 'en'
          ? place.name.replace(/ region$/i, '')
          : typedName.replace(/^\p{Ll}/u, (first) => first.toUpperCase());
      const what = words.t('answers.absent.cityOf', { name });
      if (!found.some((absent) => absent.what === what))
        found.push({ what, nearest: { place: place.id }, typed: false });
    }
  }
  const known = (word: string) =>
    lexicon.storeWords.has(word) ||
    lexicon.stemFrequency.has(stem(word)) ||
    lexicon.nameStems.has(stem(word)) ||
    lexicon.correct(stem(word)) !== undefined;
  // Capitalised words after the first that nothing in the store uses: a name it does not hold.
  const typed = text.match(/[\p{L}][\p{L}\p{N}'’-]*/gu) ?? [];
  typed.slice(1).forEach((word) => {
    const plain = wordsOf(word)[0];
    if (!plain || !/^\p{Lu}/u.test(word) || isScaffolding(plain) || known(plain)) return;
    if (!found.some((absent) => absent.what === word)) found.push({ what: word, typed: true });
  });
  const speaker = /^what (?:does|did|do|has|have) (.+?) (?:say|said|think|claim|want|report|announce)\b/.exec(
    lower,
  );
  const cyrillicSpeaker =
    /^(?:що|что) (?:каже|казав|казала|сказав|сказала|заявив|заявила|заявляє|говорить|думає|вважає|говорит|сказал|сказала|заявил|заявила|заявляет|думает|считает) (.+?)$/u.exec(
      lower,
    );
  const said = speaker?.[1] ?? cyrillicSpeaker?.[1];
  if (said) {
    const named = said.split(' ').filter((word) => !isScaffolding(word));
    const alreadyFound = (word: string) => found.some((absent) => absent.what.toLowerCase().includes(word));
    if (named.length > 0 && named.every((word) => !known(word)) && !named.some(alreadyFound)) {
      found.push({ what: named.join(' '), typed: true });
    }
  }
  return found;
}
