// /ceasefire, /topic, /who, /timeline and /sources in the reader's language: titles, headings, counts
// with each language's plurals, verbs agreeing with the translated actor, dates in the locale's
// format, and the English answers as they always were.
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildActorBrief } from '../src/briefs/actor-brief.js';
import { buildCeasefireBrief, resolveCeasefireParty } from '../src/briefs/ceasefire-brief.js';
import { buildSourcesBrief } from '../src/briefs/sources-brief.js';
import { buildTimelineBrief } from '../src/briefs/timeline-brief.js';
import { buildTopicBrief } from '../src/briefs/topic-brief.js';
import { ceasefireCommand, ceasefireReply } from '../src/commands/ceasefire.js';
import type { CommandContext, SlashCommand } from '../src/commands/command.js';
import { sourcesCommand, sourcesReply } from '../src/commands/sources.js';
import { timelineCommand, timelineReply } from '../src/commands/timeline.js';
import { topicCommand, topicReply } from '../src/commands/topic.js';
import { whoCommand, whoReply } from '../src/commands/who.js';
import { FactStore } from '../src/data/fact-store.js';
import { loadFactData } from '../src/data/load-facts.js';
import { loadFactStore } from '../src/data/load-store.js';
import type { Fact } from '../src/data/schema.js';
import { bundledTranslationsDirectory, loadTranslations } from '../src/data/translations.js';
import type { Locale } from '../src/i18n/locales.js';
import { wordsIn } from '../src/i18n/words.js';
import { briefPageCount, type ReplyPayload, renderBriefEmbed } from '../src/render/discord-embed.js';
import { expectWithinDiscordLimits, replyText } from './support/embed-limits.js';

let english: FactStore;
beforeAll(async () => {
  english = await loadFactStore();
});

const translated = ['uk', 'ru'] as const;

/** sitrep's own English words in these answers: none may be left in a Ukrainian or Russian one. */
const ownEnglish =
  /\b(claims|says|proposed|has not|have not|confirms|reports|statements?|Where each party|Proposals|Ceasefire|Topic|Who says|Timeline|Sources|Cited by|dated|oldest first|per the source|date from other reporting|in the store|Claims and reports|Assessments|Background)\b/;

interface Component {
  type: number;
  label?: string;
  placeholder?: string;
  components?: Component[];
}
const componentsOf = (reply: ReplyPayload): Component[] =>
  ((reply as { components?: Component[] }).components ?? []).flatMap((row) => row.components ?? []);
const buttonLabels = (reply: ReplyPayload) =>
  componentsOf(reply)
    .filter((component) => component.type === 2)
    .map((component) => component.label);
/** A text without its links, whose addresses are in the outlets' own words. */
const withoutLinks = (text: string | undefined) => (text ?? '').replace(/https?:\/\/\S+/g, '');
const menuPlaceholder = (reply: ReplyPayload) =>
  componentsOf(reply).find((component) => component.type === 3)?.placeholder;

/** Every page of an answer, each within Discord's limits. */
function expectEveryPageWithinLimits(reply: (page: number) => ReplyPayload, pages: number): void {
  expect(pages).toBeGreaterThan(0);
  for (let page = 1; page <= pages; page++) expectWithinDiscordLimits(reply(page));
}

describe('/ceasefire in Ukrainian and Russian', () => {
  const cases = {
    uk: {
      title: 'Дипломатія щодо припинення вогню',
      intro:
        'Позиція кожної сторони щодо припинення вогню — її власними словами, як їх передають джерела. Пропозиції не є домовленостями.',
      headings: ['**США**', '**Україна**', '**Росія**'],
      putin: /\*\*Президент Росії Володимир Путін\*\* зазначає: Росія в принципі погоджується/,
      date: /13 бер\. 2025 р\., за джерелом заяви/,
      party: 'Росія',
      unknown:
        /^`narnia` — не сторона, яку я відстежую\. Виберіть одну з них: США, Україна, Росія, Велика Британія та Європа, Спостерігачі й аналітика\.$/,
      more: '/тема назва:Дипломатія щодо припинення вогню',
    },
    ru: {
      title: 'Дипломатия прекращения огня',
      intro:
        'Позиция каждой стороны по прекращению огня — её собственными словами, как их передают источники. Предложения не являются договорённостями.',
      headings: ['**США**', '**Украина**', '**Россия**'],
      putin: /\*\*Президент России Владимир Путин\*\* отмечает: Россия в принципе согласна/,
      date: /13 мар\. 2025 г\., по источнику заявления/,
      party: 'Россия',
      unknown:
        /^`narnia` — не сторона, которую я отслеживаю\. Выберите одну из них: США, Украина, Россия, Великобритания и Европа, Наблюдатели и аналитика\.$/,
      more: '/тема название:Дипломатия прекращения огня',
    },
  } as const;

  for (const locale of translated) {
    const expected = cases[locale];
    it(`gives each party's position in ${locale}, with its verbs and dates`, () => {
      const reply = ceasefireReply(english.in(locale));
      expectWithinDiscordLimits(reply);
      const embed = reply.embeds[0];
      expect(embed?.title).toBe(expected.title);
      expect(embed?.description?.startsWith(expected.intro)).toBe(true);
      for (const heading of expected.headings) expect(embed?.description).toContain(heading);
      const text = replyText(reply);
      expect(text).toMatch(expected.putin);
      expect(text).toMatch(expected.date);
      expect(withoutLinks(embed?.description)).not.toMatch(ownEnglish);
    });

    it(`narrows to one party named in ${locale}, English or by its value, and refuses others in ${locale}`, () => {
      const store = english.in(locale);
      for (const typed of [expected.party, 'Russia', 'russia']) {
        const reply = ceasefireReply(store, typed);
        expectWithinDiscordLimits(reply);
        expect(reply.embeds[0]?.title).toBe(`${expected.title}: ${expected.party}`);
      }
      const refusal = ceasefireReply(store, 'narnia');
      expect(refusal.ephemeral).toBe(true);
      expect(refusal.content ?? replyText(refusal)).toMatch(expected.unknown);
      expect(buildCeasefireBrief(store).continuation?.(2)).toBe(expected.more);
    });
  }

  it('is unchanged in English', () => {
    const reply = ceasefireReply(english);
    expect(reply.embeds[0]?.title).toBe('Ceasefire diplomacy');
    expect(reply.embeds[0]?.description).toContain(
      'Where each party stands on a ceasefire, in their own reported words. Proposals are not agreements.',
    );
    expect(reply.embeds[0]?.description).toContain('**Russia**');
    expect(replyText(reply)).toContain('**US President Donald Trump** proposed a 30-day ceasefire');
    expect(ceasefireReply(english, 'Russia').embeds[0]?.title).toBe('Ceasefire diplomacy: Russia');
    expect(buildCeasefireBrief(english).continuation?.(2)).toBe('/topic name:ceasefire');
    expect(resolveCeasefireParty('США')).toBe('united-states');
    expect(resolveCeasefireParty('Велика Британія та Європа')).toBe('europe');
    expect(resolveCeasefireParty('Наблюдатели и аналитика')).toBe('observers');
  });
});

describe('/topic in Ukrainian and Russian', () => {
  const cases = {
    uk: {
      name: 'Участь Північної Кореї',
      title: 'Тема: Участь Північної Кореї',
      headings: ['Заяви та повідомлення', 'Оцінки та прогнози', 'Контекст'],
      // "Уряд Росії" is masculine, its verb too.
      negation: /\*\*Уряд Росії\*\* офіційно не підтвердив присутність північнокорейських солдатів/,
      date: /26 квіт\. 2025 р\./,
      gap: 'Business-News-Today.com не наводить чисельності північнокорейських військ.',
      unknown: /^Я не маю теми `narnia`\. Теми: Контроль над територією, /,
      more: '/тема назва:Участь Північної Кореї сторінка:2',
    },
    ru: {
      name: 'Участие Северной Кореи',
      title: 'Тема: Участие Северной Кореи',
      headings: ['Заявления и сообщения', 'Оценки и прогнозы', 'Контекст'],
      // "Правительство России" is neuter, its verb too.
      negation: /\*\*Правительство России\*\* официально не подтвердило присутствие северокорейских солдат/,
      date: /26 апр\. 2025 г\./,
      gap: 'Business-News-Today.com не приводит численности северокорейских войск.',
      unknown: /^У меня нет темы `narnia`\. Темы: Контроль над территорией, /,
      more: '/тема название:Участие Северной Кореи страница:2',
    },
  } as const;

  for (const locale of translated) {
    const expected = cases[locale];
    it(`gives the topic in ${locale}, under headings in ${locale}, with verbs agreeing with the actor`, () => {
      const store = english.in(locale);
      const reply = topicReply(store, expected.name);
      expectWithinDiscordLimits(reply);
      const embed = reply.embeds[0];
      expect(embed?.title).toBe(expected.title);
      expect(embed?.description).toContain(expected.gap);
      expect(embed?.description).toContain(`**${expected.headings[0]}**`);
      const text = replyText(reply);
      expect(text).toMatch(expected.negation);
      expect(text).toMatch(expected.date);
      expect(withoutLinks(embed?.description)).not.toMatch(ownEnglish);
      expect(menuPlaceholder(reply)).toContain(`«${expected.name}»`);
      const topic = store.topic('north-korea');
      expect(topic && buildTopicBrief(store, topic).continuation?.(2)).toBe(expected.more);
      expect(topicReply(store, 'narnia').content ?? '').toMatch(expected.unknown);
    });

    it(`heads every topic's sections in ${locale} as English heads them`, () => {
      const store = english.in(locale);
      const englishHeadings = ['Claims and reports', 'Assessments and forecasts', 'Background'];
      for (const topic of english.topics) {
        const inEnglish = buildTopicBrief(english, topic).sections.map((section) => section.heading);
        const inLocale = buildTopicBrief(store, store.topic(topic.id) as typeof topic).sections.map(
          (section) => section.heading,
        );
        expect(inLocale).toEqual(
          inEnglish.map((heading) => expected.headings[englishHeadings.indexOf(heading as string)]),
        );
      }
    });
  }

  it('is unchanged in English', () => {
    const reply = topicReply(english, 'north korea');
    expect(reply.embeds[0]?.title).toBe("Topic: North Korea's involvement");
    expect(reply.embeds[0]?.description).toContain('**Claims and reports**');
    expect(replyText(reply)).toContain("**Russia's government** has not officially confirmed");
    const topic = english.topic('north-korea');
    expect(topic && buildTopicBrief(english, topic).continuation?.(2)).toBe(
      "/topic name:North Korea's involvement page:2",
    );
  });
});

describe('/who in Ukrainian and Russian', () => {
  const cases = {
    uk: {
      name: 'Міністерство оборони Росії',
      title: 'Хто що стверджує: Міністерство оборони Росії',
      intro: /Міністерство оборони Російської Федерації, .* У сховищі 3 заяви\.$/,
      heading: '**Заяви**',
      claim: /\*\*Міністерство оборони Росії\*\* заявляє: Російські сили відбили село Рубанщина/,
      // A plural actor's past-tense negation agrees in the plural.
      negation: /\*\*Збройні сили України\*\* офіційно не підтвердили втрату Суджі/,
      date: /15 бер\. 2025 р\., дата з інших повідомлень \[1\]\[2\]/,
      unknown: /^У мене немає заяв, автор яких — `narnia`\./,
      more: '/хто учасник:Міністерство оборони Росії сторінка:2',
    },
    ru: {
      name: 'Министерство обороны России',
      title: 'Кто что утверждает: Министерство обороны России',
      intro: /Министерство обороны Российской Федерации, .* В хранилище 3 заявления\.$/,
      heading: '**Заявления**',
      claim: /\*\*Министерство обороны России\*\* заявляет: Российские силы отбили село Рубанщина/,
      negation: /\*\*Вооружённые силы Украины\*\* официально не подтвердили потерю Суджи/,
      date: /15 мар\. 2025 г\., дата из других сообщений \[1\]\[2\]/,
      unknown: /^У меня нет заявлений, автор которых — `narnia`\./,
      more: '/кто участник:Министерство обороны России страница:2',
    },
  } as const;

  for (const locale of translated) {
    const expected = cases[locale];
    it(`gives what one actor asserts in ${locale}, found by its ${locale} name`, () => {
      const store = english.in(locale);
      const reply = whoReply(store, expected.name);
      expectWithinDiscordLimits(reply);
      const embed = reply.embeds[0];
      expect(embed?.title).toBe(expected.title);
      expect(embed?.description).toContain(expected.heading);
      const text = replyText(reply);
      expect(text).toMatch(expected.claim);
      expect(text).toMatch(expected.negation);
      expect(text).toMatch(expected.date);
      expect(withoutLinks(embed?.description)).not.toMatch(ownEnglish);
      const actor = store.actor('ru-defence-ministry');
      expect(actor && buildActorBrief(store, actor).intro).toMatch(expected.intro);
      expect(actor && buildActorBrief(store, actor).continuation?.(2)).toBe(expected.more);
      expect(menuPlaceholder(reply)).toContain(expected.name);
      expect(whoReply(store, 'narnia').content ?? '').toMatch(expected.unknown);
    });
  }

  it('is unchanged in English', () => {
    const reply = whoReply(english, "Russia's Defence Ministry");
    expect(reply.embeds[0]?.title).toBe("Who says what: Russia's Defence Ministry");
    expect(reply.embeds[0]?.description).toContain('3 statements in the store.');
    expect(reply.embeds[0]?.description).toContain('**Statements**');
    const actor = english.actor('ru-defence-ministry');
    expect(actor && buildActorBrief(english, actor).continuation?.(2)).toBe(
      "/who actor:Russia's Defence Ministry page:2",
    );
  });
});

describe('/timeline in Ukrainian and Russian', () => {
  const cases = {
    uk: {
      title: 'Хронологія: Суджа',
      intro:
        '5 датованих заяв щодо місця Суджа, від найдавніших. Ще 5 заяв не мають власної дати (див. /ситуація).',
      heading: '**Датовані події та заяви**',
      line: '• **13 бер. 2025 р.**: **Міністерство оборони Росії** заявляє: Російські війська повністю встановили контроль над містом Суджа. [3] _(дата з інших повідомлень [1][2])_',
      span: /\*\*15–16 бер\. 2025 р\.\*\*: \*\*Генеральний штаб ЗСУ\*\* повідомляє: .* _\(дата за джерелом заяви; /,
      buttons: ['Ситуація', 'Джерела'],
      unknown: /^Я не знаю місця `narnia`\. Залиште поле «місце» порожнім, щоб побачити всю хронологію\.$/,
      more: '/хронологія місце:Суджа сторінка:2',
      whole: '/хронологія сторінка:2',
    },
    ru: {
      title: 'Хронология: Суджа',
      intro:
        '5 датированных заявлений о месте Суджа, начиная с самых ранних. Ещё 5 заявлений не имеют собственной даты (см. /ситуация).',
      heading: '**Датированные события и заявления**',
      line: '• **13 мар. 2025 г.**: **Министерство обороны России** заявляет: Российские войска полностью установили контроль над городом Суджа. [3] _(дата из других сообщений [1][2])_',
      span: /\*\*15–16 мар\. 2025 г\.\*\*: \*\*Генеральный штаб ВСУ\*\* сообщает: .* _\(дата по источнику заявления; /,
      buttons: ['Ситуация', 'Источники'],
      unknown: /^Я не знаю места `narnia`\. Оставьте поле «место» пустым, чтобы увидеть всю хронологию\.$/,
      more: '/хронология место:Суджа страница:2',
      whole: '/хронология страница:2',
    },
  } as const;

  for (const locale of translated) {
    const expected = cases[locale];
    it(`gives a place's dated statements in ${locale}, each date in ${locale}'s format`, () => {
      const store = english.in(locale);
      const reply = timelineReply(store, 'Суджа');
      expectWithinDiscordLimits(reply);
      const embed = reply.embeds[0];
      expect(embed?.title).toBe(expected.title);
      expect(
        embed?.description?.startsWith(`${expected.intro}\n\n${expected.heading}\n${expected.line}`),
      ).toBe(true);
      expect(embed?.description).toMatch(expected.span);
      expect(withoutLinks(embed?.description)).not.toMatch(ownEnglish);
      expect(buttonLabels(reply)).toEqual(expect.arrayContaining([...expected.buttons]));
      expect(timelineReply(store, 'narnia').content ?? '').toMatch(expected.unknown);
      const place = store.place('sudzha');
      expect(place && buildTimelineBrief(store, place).continuation?.(2)).toBe(expected.more);
      expect(buildTimelineBrief(store).continuation?.(2)).toBe(expected.whole);
    });

    it(`keeps every page of the whole timeline in ${locale} within Discord's limits`, () => {
      const store = english.in(locale);
      const pages = briefPageCount(buildTimelineBrief(store));
      expect(pages).toBeGreaterThan(1);
      expectEveryPageWithinLimits((page) => timelineReply(store, undefined, page), pages);
    });
  }

  it('is unchanged in English', () => {
    const reply = timelineReply(english, 'sudzha');
    expect(reply.embeds[0]?.title).toBe('Timeline: Sudzha');
    expect(reply.embeds[0]?.description).toContain(
      '5 dated statements for Sudzha, oldest first. 5 more carry no date of their own (see /status).',
    );
    expect(reply.embeds[0]?.description).toContain('**Dated events and statements**');
    expect(reply.embeds[0]?.description).toContain('**13 Mar 2025**');
    expect(buttonLabels(reply)).toEqual(expect.arrayContaining(['Situation', 'Sources']));
    const place = english.place('sudzha');
    expect(place && buildTimelineBrief(english, place).continuation?.(2)).toBe(
      '/timeline region:Sudzha page:2',
    );
  });
});

describe('/sources in Ukrainian and Russian', () => {
  const cases = {
    uk: {
      title: 'Джерела: Суджа',
      intro:
        'Звідки походять заяви щодо місця Суджа. Дати, яких не навела перша стаття, взято з інших повідомлень і позначено «дата з інших повідомлень».',
      heading: '**9 джерел**',
      many: '· На нього посилаються 9 заяв щодо місця Суджа.',
      few: '· На нього посилаються 2 заяви щодо місця Суджа.',
      date: /\*\*Meduza\*\*, 15 бер\. 2025 р\., про заявлене повернення двох сіл поблизу Суджі \(мова: російська\)/,
      everything: ['Джерела', 'Кожна заява називає своє джерело.', '**26 джерел**'],
      buttons: ['Ситуація', 'Хронологія'],
      unknown: /^Я не знаю місця `narnia`\. Залиште поле «місце» порожнім, щоб побачити всі джерела\.$/,
      more: '/джерела місце:Суджа сторінка:2',
    },
    ru: {
      title: 'Источники: Суджа',
      intro:
        'Откуда взяты заявления о месте Суджа. Даты, которых не привела первая статья, взяты из других сообщений и помечены «дата из других сообщений».',
      heading: '**9 источников**',
      many: '· На него ссылаются 9 заявлений о месте Суджа.',
      few: '· На него ссылаются 2 заявления о месте Суджа.',
      // A story in the reader's own language needs no note of its language.
      date: /\*\*Meduza\*\*, 15 мар\. 2025 г\., о заявленном возвращении двух сёл вблизи Суджи https/,
      everything: ['Источники', 'Каждое заявление называет свой источник.', '**26 источников**'],
      buttons: ['Ситуация', 'Хронология'],
      unknown: /^Я не знаю места `narnia`\. Оставьте поле «место» пустым, чтобы увидеть все источники\.$/,
      more: '/источники место:Суджа страница:2',
    },
  } as const;

  for (const locale of translated) {
    const expected = cases[locale];
    it(`lists a place's sources in ${locale}, with how many statements cite each`, () => {
      const store = english.in(locale);
      const reply = sourcesReply(store, 1, 'Суджа');
      expectWithinDiscordLimits(reply);
      const embed = reply.embeds[0];
      expect(embed?.title).toBe(expected.title);
      expect(embed?.description?.startsWith(`${expected.intro}\n\n${expected.heading}\n`)).toBe(true);
      expect(embed?.description).toContain(expected.many);
      expect(embed?.description).toContain(expected.few);
      expect(embed?.description).toMatch(expected.date);
      expect(withoutLinks(embed?.description)).not.toMatch(ownEnglish);
      expect(buttonLabels(reply)).toEqual(expect.arrayContaining([...expected.buttons]));
      expect(sourcesReply(store, 1, 'narnia').content ?? '').toMatch(expected.unknown);
      const place = store.place('sudzha');
      expect(place && buildSourcesBrief(store, place).continuation?.(2)).toBe(expected.more);
    });

    it(`lists every source in ${locale}, every page within Discord's limits`, () => {
      const store = english.in(locale);
      const [title, intro, heading] = expected.everything;
      const reply = sourcesReply(store);
      expect(reply.embeds[0]?.title).toBe(title);
      expect(reply.embeds[0]?.description?.startsWith(intro)).toBe(true);
      expect(reply.embeds[0]?.description).toContain(heading);
      expectEveryPageWithinLimits(
        (page) => sourcesReply(store, page),
        briefPageCount(buildSourcesBrief(store)),
      );
    });
  }

  it('is unchanged in English', () => {
    const reply = sourcesReply(english, 1, 'sudzha');
    const embed = reply.embeds[0];
    expect(embed?.title).toBe('Sources: Sudzha');
    expect(embed?.description).toContain(
      'Where the statements about Sudzha come from. Dates the first article did not give come from other reporting and are labelled "date from other reporting".',
    );
    expect(embed?.description).toContain('**9 sources**');
    expect(embed?.description).toContain('· Cited by 9 statements about Sudzha.');
    expect(embed?.description).toContain('(in Russian)');
    expect(sourcesReply(english).embeds[0]?.description).toContain('Every statement names its source.');
    expect(buildSourcesBrief(english).continuation?.(2)).toBe('/sources page:2');
  });
});

describe('counts, with each language’s plural forms at 1, 2, 5, 11 and 21', () => {
  const counts = [1, 2, 5, 11, 21];

  /**
   * A small store: `dated` copies of the Defence Ministry's Sudzha claim with its date and `undated`
   * without one, each translated as the original is.
   */
  async function storeWith(dated: number, undated = 0): Promise<FactStore> {
    const data = await loadFactData();
    const translations = await loadTranslations(bundledTranslationsDirectory, data);
    const original = data.facts.find((fact) => fact.id === 'mod-claims-sudzha') as Fact;
    const facts: Fact[] = [];
    for (let index = 0; index < dated + undated; index++) {
      const id = `sudzha-claim-${index + 1}`;
      const { date, ...rest } = original;
      facts.push(index < dated ? { ...original, id } : { ...rest, id });
      for (const locale of translated) {
        const entries = translations.get(locale)?.facts;
        if (entries) entries[id] = entries['mod-claims-sudzha'] as (typeof entries)[string];
      }
    }
    return new FactStore({ ...data, facts }, { translations });
  }

  const expected: Record<Locale, { who: string[]; timeline: string[]; cited: string[] }> = {
    en: {
      who: ['1 statement', '2 statements', '5 statements', '11 statements', '21 statements'].map(
        (count) => `${count} in the store.`,
      ),
      timeline: [
        '1 dated statement',
        '2 dated statements',
        '5 dated statements',
        '11 dated statements',
        '21 dated statements',
      ].map((count) => `${count} for Sudzha, oldest first.`),
      cited: ['1 statement', '2 statements', '5 statements', '11 statements', '21 statements'].map(
        (count) => `Cited by ${count} about Sudzha.`,
      ),
    },
    uk: {
      who: ['1 заява', '2 заяви', '5 заяв', '11 заяв', '21 заява'].map((count) => `У сховищі ${count}.`),
      timeline: [
        '1 датована заява',
        '2 датовані заяви',
        '5 датованих заяв',
        '11 датованих заяв',
        '21 датована заява',
      ].map((count) => `${count} щодо місця Суджа, від найдавніших.`),
      cited: [
        'посилається 1 заява',
        'посилаються 2 заяви',
        'посилаються 5 заяв',
        'посилаються 11 заяв',
        'посилається 21 заява',
      ].map((count) => `На нього ${count} щодо місця Суджа.`),
    },
    ru: {
      who: ['1 заявление', '2 заявления', '5 заявлений', '11 заявлений', '21 заявление'].map(
        (count) => `В хранилище ${count}.`,
      ),
      timeline: [
        '1 датированное заявление',
        '2 датированных заявления',
        '5 датированных заявлений',
        '11 датированных заявлений',
        '21 датированное заявление',
      ].map((count) => `${count} о месте Суджа, начиная с самых ранних.`),
      cited: [
        'ссылается 1 заявление',
        'ссылаются 2 заявления',
        'ссылаются 5 заявлений',
        'ссылаются 11 заявлений',
        'ссылается 21 заявление',
      ].map((count) => `На него ${count} о месте Суджа.`),
    },
  };

  it('in /who, /timeline and /sources built from a store of that many statements', async () => {
    for (const [at, count] of counts.entries()) {
      const store = await storeWith(count);
      for (const locale of ['en', 'uk', 'ru'] as const) {
        const local = store.in(locale);
        const wanted = expected[locale];
        const actor = local.actor('ru-defence-ministry');
        const place = local.place('sudzha');
        if (!actor || !place) throw new Error('the bundled actor and place are missing');
        expect(buildActorBrief(local, actor).intro, `${locale} ${count}`).toMatch(
          new RegExp(` ${wanted.who[at]}$`),
        );
        expect(buildTimelineBrief(local, place).intro, `${locale} ${count}`).toBe(wanted.timeline[at]);
        const sources = buildSourcesBrief(local, place);
        expect(sources.sections[0]?.line(0).text, `${locale} ${count}`).toContain(` · ${wanted.cited[at]}`);
        expectWithinDiscordLimits(renderBriefEmbed(buildActorBrief(local, actor)));
      }
    }
  });

  it('in the undated statements a timeline leaves out', async () => {
    const said = {
      en: [
        '1 more carries no date of its own',
        '2 more carry no date of their own',
        '5 more carry no date of their own',
        '11 more carry no date of their own',
        '21 more carry no date of their own',
      ],
      uk: [
        'Ще 1 заява не має',
        'Ще 2 заяви не мають',
        'Ще 5 заяв не мають',
        'Ще 11 заяв не мають',
        'Ще 21 заява не має',
      ],
      ru: [
        'Ещё 1 заявление не имеет',
        'Ещё 2 заявления не имеют',
        'Ещё 5 заявлений не имеют',
        'Ещё 11 заявлений не имеют',
        'Ещё 21 заявление не имеет',
      ],
    } as const;
    for (const [at, count] of counts.entries()) {
      const store = await storeWith(1, count);
      for (const locale of ['en', 'uk', 'ru'] as const) {
        const local = store.in(locale);
        const place = local.place('sudzha');
        expect(place && buildTimelineBrief(local, place).intro, `${locale} ${count}`).toContain(
          said[locale][at],
        );
      }
    }
  });

  it('in the number of sources heading the list', () => {
    const say = (locale: Locale) =>
      counts.map((count) => wordsIn(locale).t('briefs.sources.section', { count }));
    expect(say('en')).toEqual(['1 source', '2 sources', '5 sources', '11 sources', '21 sources']);
    expect(say('uk')).toEqual(['1 джерело', '2 джерела', '5 джерел', '11 джерел', '21 джерело']);
    expect(say('ru')).toEqual(['1 источник', '2 источника', '5 источников', '11 источников', '21 источник']);
  });
});

describe('the commands answer in the interaction’s language', () => {
  /** What a command reads from an interaction: its options and, for autocomplete, what is typed. */
  const interaction = (options: Record<string, string | number>, focused = '') =>
    ({
      options: {
        getString: (name: string) => options[name] ?? null,
        getInteger: (name: string) => options[name] ?? null,
        getFocused: () => focused,
      },
    }) as unknown as ChatInputCommandInteraction & AutocompleteInteraction;
  const contextIn = (locale: Locale, readerLocale: Locale = locale) =>
    ({ facts: english, locale, readerLocale }) as unknown as CommandContext;
  const run = (command: SlashCommand, options: Record<string, string | number>, locale: Locale) =>
    command.execute(interaction(options), contextIn(locale)) as Promise<ReplyPayload>;

  it('answers in the answer language from the shared English store', async () => {
    const titles = async (locale: Locale) =>
      Promise.all([
        run(ceasefireCommand, {}, locale),
        run(topicCommand, { name: 'north-korea' }, locale),
        run(whoCommand, { actor: 'ru-defence-ministry' }, locale),
        run(timelineCommand, { region: 'sudzha' }, locale),
        run(sourcesCommand, { region: 'sudzha', page: 1 }, locale),
      ]).then((replies) => replies.map((reply) => reply.embeds[0]?.title));
    expect(await titles('uk')).toEqual([
      'Дипломатія щодо припинення вогню',
      'Тема: Участь Північної Кореї',
      'Хто що стверджує: Міністерство оборони Росії',
      'Хронологія: Суджа',
      'Джерела: Суджа',
    ]);
    expect(await titles('ru')).toEqual([
      'Дипломатия прекращения огня',
      'Тема: Участие Северной Кореи',
      'Кто что утверждает: Министерство обороны России',
      'Хронология: Суджа',
      'Источники: Суджа',
    ]);
    expect(await titles('en')).toEqual([
      'Ceasefire diplomacy',
      "Topic: North Korea's involvement",
      "Who says what: Russia's Defence Ministry",
      'Timeline: Sudzha',
      'Sources: Sudzha',
    ]);
  });

  it('offers autocomplete in the reader’s own language, whatever the server answers in', async () => {
    const offered = async (command: SlashCommand, typed: string, reader: Locale) =>
      ((await command.autocomplete?.(interaction({}, typed), contextIn('en', reader))) ?? []).map(
        (choice) => choice.name,
      );
    expect((await offered(timelineCommand, 'Судж', 'ru'))[0]).toMatch(/^Суджа \(город/);
    expect((await offered(sourcesCommand, 'Судж', 'uk'))[0]).toMatch(/^Суджа \(місто/);
    expect((await offered(topicCommand, 'Північн', 'uk'))[0]).toMatch(/^Участь Північної Кореї/);
    expect((await offered(whoCommand, 'Міністерство оборони', 'uk'))[0]).toMatch(
      /^Міністерство оборони Росії/,
    );
    expect((await offered(timelineCommand, 'Sudzh', 'en'))[0]).toMatch(/^Sudzha \(town/);
  });
});
