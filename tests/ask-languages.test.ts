// /ask in Ukrainian and Russian: a question is read in the language it is written in, answered from
// the store in that language, and every fixed word of the answer is that language's; names in either
// language (and the English ones) resolve; figures keep their units; a missing translation is marked.
import { describe, expect, it } from 'vitest';
import { buildAnswerBrief } from '../src/briefs/answer-brief.js';
import { answerQuestion } from '../src/briefs/answers/answer.js';
import { lexiconFor } from '../src/briefs/answers/lexicon.js';
import { readQuestion } from '../src/briefs/answers/read-question.js';
import { stem } from '../src/briefs/answers/stem.js';
import { askCommand, askReply } from '../src/commands/ask.js';
import { checkMessageReply } from '../src/commands/check-message.js';
import type { CommandContext } from '../src/commands/command.js';
import { FactStore } from '../src/data/fact-store.js';
import { loadFactData } from '../src/data/load-facts.js';
import { bundledTranslationsDirectory, loadTranslations } from '../src/data/translations.js';
import { normalizeTerm } from '../src/data/vocabulary.js';
import type { Locale } from '../src/i18n/locales.js';
import { wordsIn } from '../src/i18n/words.js';
import type { ReplyPayload } from '../src/render/discord-embed.js';
import { bundledStore } from './support/bundled-store.js';

/** Everything a reply shows in its embeds, as one text. */
const shown = (reply: ReplyPayload) => JSON.stringify(reply);

/** Latin letters outside names, links and code: English words a localized answer must not carry. */
const englishWords =
  /\b(the|statements?|store|claims|has not|figure|sources say|Where things stand|Latest|Nearest)\b/;

async function read(locale: Locale, text: string) {
  const store = (await bundledStore()).in(locale);
  return readQuestion(text, lexiconFor(store), store);
}

describe('a question in Russian is answered in Russian, one in Ukrainian in Ukrainian', () => {
  it('answers a Russian question with Russian lead, sections and statements', async () => {
    const brief = buildAnswerBrief((await bundledStore()).in('ru'), 'Подтвердила ли Украина потерю Суджи?');
    expect(brief.locale).toBe('ru');
    expect(brief.title).toBe('Что говорят источники');
    expect(brief.answer.lead.kind).toBe('not-confirmed');
    expect(brief.intro).toContain('**Официально не подтверждено.**');
    // The negation is kept, in Russian, with the verb agreeing with the plural subject.
    expect(brief.intro).toContain('**Вооружённые силы Украины** официально не подтвердили');
    expect(brief.sections.map((section) => section.heading)).toContain('Заявления, на которых основан ответ');
    expect(brief.intro).not.toMatch(englishWords);
  });

  it('answers a Ukrainian question in Ukrainian, the place lead included', async () => {
    const brief = buildAnswerBrief((await bundledStore()).in('uk'), 'Що відбувається в Курській області?');
    expect(brief.locale).toBe('uk');
    expect(brief.answer.lead.kind).toBe('place');
    expect(brief.intro).toMatch(/^\*\*Ситуація: Курська область\.\*\*/);
    expect(brief.intro).toContain('Останнє: ');
    expect(brief.intro).not.toMatch(englishWords);
    expect(brief.sections.map((section) => section.heading)).toContain(
      'Заяви, на яких ґрунтується відповідь',
    );
  });

  it('answers an English client who writes in Ukrainian in Ukrainian, and one who writes in English in English', async () => {
    const english = await bundledStore();
    const context = { facts: english, locale: 'en' } as unknown as CommandContext;
    const interaction = (question: string) =>
      ({
        options: {
          getString: () => question,
          getInteger: () => null,
        },
      }) as never;
    const ukrainian = await askCommand.execute(interaction('Скільки людей евакуювали із Суджі?'), context);
    expect(shown(ukrainian as ReplyPayload)).toContain('Що кажуть джерела');
    expect(shown(ukrainian as ReplyPayload)).toContain('Понад 300 жителів евакуйовано');
    const inEnglish = await askCommand.execute(
      interaction('How many people were evacuated from Sudzha?'),
      context,
    );
    expect(shown(inEnglish as ReplyPayload)).toContain('What the sources say');
    // A Russian client writing Ukrainian reads Russian: the reader's language comes first.
    const russianReader = askReply(english.in('ru'), 'Скільки людей евакуювали із Суджі?');
    expect(shown(russianReader)).toContain('Что говорят источники');
  });

  it('says in each language that the store holds nothing on what was asked', async () => {
    const store = await bundledStore();
    const say = (locale: Locale, question: string) => buildAnswerBrief(store.in(locale), question);
    expect(say('en', 'qqqq zzzz').intro).toContain('Nothing in the store matches');
    expect(say('uk', 'ґґґґ щщщщ').intro).toContain('У базі немає нічого, що відповідає запиту');
    expect(say('uk', 'ґґґґ щщщщ').intro).toContain('/тема');
    expect(say('ru', 'ъъъъ ыыыы').intro).toContain('В базе нет ничего, что соответствует запросу');
    expect(say('uk', 'ґґґґ щщщщ').title).toBe('Відповідних заяв немає');
    // A name the store does not hold, in the question's language.
    const absent = answerQuestion(store.in('ru'), 'Что сказал Герасимов?').lead;
    expect(absent.kind).toBe('absent');
    expect(absent.text).toContain('Ни одно заявление не упоминает Валерия Герасимова');
  });

  it('checks a message in the language it is written in', async () => {
    const english = await bundledStore();
    const reply = checkMessageReply(english, {
      content: 'Росія повністю відвоювала Курську область',
      embeds: [],
      attachments: 0,
    });
    expect(shown(reply)).toContain('Що є в sitrep про це повідомлення');
    expect(shown(reply)).toContain('Заяви, яких воно стосується');
    const link = checkMessageReply(english.in('ru'), {
      content: 'https://example.com',
      embeds: [],
      attachments: 0,
    });
    expect(shown(link)).toContain('`/спросить`');
  });
});

describe('names and words in Ukrainian and Russian', () => {
  it.each([
    ['uk', 'Що відбувається в Курську?', 'place', 'kursk-region'],
    ['uk', 'Що нового в Курській області?', 'place', 'kursk-region'],
    ['uk', 'Курська область', 'place', 'kursk-region'],
    ['ru', 'Что происходит в Курской области?', 'place', 'kursk-region'],
    ['ru', 'Курская область', 'place', 'kursk-region'],
    ['uk', 'Курская область', 'place', 'kursk-region'],
    ['en', 'Курська область', 'place', 'kursk-region'],
    ['uk', 'Що каже Зеленський про оточення?', 'actor', 'zelenskyy'],
    ['uk', 'Що заявив Зеленського штаб?', 'actor', 'zelenskyy'],
    ['ru', 'Что говорит Зеленский?', 'actor', 'zelenskyy'],
  ] as const)('%s: "%s" names %s %s', async (locale, text, kind, id) => {
    const question = await read(locale, text);
    expect(kind === 'place' ? question.places : question.actors).toContain(id);
  });

  it('reads перемир’я with any apostrophe, перемирие and припинення вогню as the ceasefire', async () => {
    for (const text of ["Що з перемир'ям?", 'Що з перемир’ям?', 'Що з перемирʼям?', 'Чи буде перемир’я?']) {
      expect((await read('uk', text)).namedConcepts, text).toContain('ceasefire');
    }
    expect((await read('ru', 'Будет ли перемирие?')).namedConcepts).toContain('ceasefire');
    expect((await read('uk', 'Що відомо про припинення вогню?')).namedConcepts).toContain('ceasefire');
    expect((await read('ru', 'Что известно о прекращении огня?')).namedConcepts).toContain('ceasefire');
    expect(normalizeTerm('перемирʼя')).toBe(normalizeTerm("перемир'я"));
  });

  it('stems Ukrainian and Russian so that declined forms meet, and leaves English to Porter', () => {
    const stems = (words: string[]) => new Set(words.map((word) => stem(normalizeTerm(word))));
    expect(
      stems(['Курськ', 'Курська', 'Курської', 'Курській', 'Курськ', 'Курская', 'Курской', 'Курск']).size,
    ).toBe(1);
    expect(stems(["перемир'я", 'перемирие', 'перемир’ям', 'перемир’ї']).size).toBe(1);
    expect(stems(['Зеленський', 'Зеленського', 'Зеленский', 'Зеленского']).size).toBe(1);
    expect(stem('encirclement')).toBe('encircl');
  });

  it.each([
    ['uk', 'Скільки людей евакуювали із Суджі?', 'figure'],
    ['ru', 'Сколько жителей эвакуировали?', 'figure'],
    ['uk', 'Коли Трамп запропонував перемир’я?', 'date'],
    ['ru', 'Когда Путин ответил на предложение?', 'date'],
    ['uk', 'Чи підтвердила Росія участь північнокорейських військ?', 'verdict'],
    ['ru', 'Подтвердила ли Россия участие северокорейских войск?', 'verdict'],
    ['ru', 'Правда ли, что Суджа взята?', 'verdict'],
    ['uk', 'Хто заперечує оточення?', 'actors'],
    ['ru', 'Кто отрицает окружение?', 'actors'],
    ['uk', 'Де Суджа?', 'where'],
    ['ru', 'Где находится Суджа?', 'where'],
    ['uk', 'Що відбувається в Суджі?', 'place'],
    ['ru', 'Что происходит в Судже?', 'place'],
    ['uk', 'Як далеко може вразити Довгий Нептун?', 'capability'],
    ['ru', 'Какова дальность Длинного Нептуна?', 'capability'],
    ['uk', 'Які джерела використовує sitrep?', 'sources'],
    ['ru', 'Насколько актуальна эта информация?', 'currency'],
  ] as const)('%s: "%s" is a %s question', async (locale, text, kind) => {
    expect((await read(locale, text)).kind).toBe(kind);
  });
});

describe("the long Neptune's range keeps 1,000 km and its miles in each language", () => {
  it.each([
    ['en', 'How far can the long Neptune strike?', '1,000 km (621 mi)'],
    [
      'uk',
      'Як далеко може вразити Довгий Нептун?',
      `${wordsIn('uk').unit(1000, 'kilometer', 'short')} (${wordsIn('uk').unit(621, 'mile', 'long')})`,
    ],
    [
      'ru',
      'Как далеко может поразить Длинный Нептун?',
      `${wordsIn('ru').unit(1000, 'kilometer', 'short')} (${wordsIn('ru').unit(621, 'mile', 'long')})`,
    ],
  ] as const)('%s', async (locale, question, range) => {
    const { lead } = answerQuestion((await bundledStore()).in(locale), question);
    expect(lead.kind).toBe('capability');
    expect(lead.text).toContain(range);
    if (locale !== 'en') {
      expect(lead.text).toMatch(/1\s000\s?км/);
      expect(lead.text).toMatch(/621 мил/);
      // Who gives the figure, and that it is not independently verified, in that language.
      expect(lead.text).toMatch(locale === 'uk' ? /незалежно не перевірено/ : /независимо не проверено/);
    }
  });

  it('converts to the unit asked for in that language', async () => {
    const { lead } = answerQuestion(
      (await bundledStore()).in('ru'),
      'Может ли Длинный Нептун поразить цель на 1500 км?',
    );
    expect(lead.kind).toBe('no');
    expect(lead.text).toMatch(/то есть две трети от 1\s500\sкм; эту цифру приводит/);
  });

  it('keeps a figure’s qualifier: "more than 300 residents" is "понад 300 жителів"', async () => {
    const store = await bundledStore();
    const uk = answerQuestion(store.in('uk'), 'Скільки людей евакуювали із Суджі?').lead.text;
    expect(uk).toContain('Понад 300 жителів');
    const en = answerQuestion(store, 'How many people were evacuated from Sudzha?').lead.text;
    expect(en).toContain('More than 300 residents');
  });
});

describe('a fact with a missing translation', () => {
  it('is shown in English with the marker, in an otherwise Ukrainian answer', async () => {
    const data = await loadFactData();
    const translations = await loadTranslations(bundledTranslationsDirectory, data);
    const uk = translations.get('uk');
    if (!uk) throw new Error('no Ukrainian translations');
    const { 'long-neptune-range': _dropped, ...facts } = uk.facts;
    const store = new FactStore(data, { translations: new Map([...translations, ['uk', { ...uk, facts }]]) });
    const brief = buildAnswerBrief(store.in('uk'), 'Як далеко може вразити Довгий Нептун?');
    const marker = wordsIn('uk').t('common.fallback.marker');
    const english = store.fact('long-neptune-range');
    const lines = brief.sections
      .flatMap((section) => Array.from({ length: section.size }, (_, index) => section.line(index).text))
      .join('\n');
    expect(brief.title).toBe('Що кажуть джерела');
    expect(`${brief.intro}${lines}`).toContain(marker);
    expect(`${brief.intro}${lines}`).toContain(english?.statement.replace(/\.$/, '') ?? '—');
    // The figure itself is still written for the language.
    expect(brief.intro).toContain(wordsIn('uk').unit(1000, 'kilometer', 'short'));
  });
});
