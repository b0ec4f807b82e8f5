// Answers in the reader's language: the store in Ukrainian and Russian, /status of Sudzha in each,
// and a statement with no translation shown in English with its marker, never silently.
import { describe, expect, it } from 'vitest';
import { statusReply } from '../src/commands/status.js';
import { FactStore } from '../src/data/fact-store.js';
import { loadFactData } from '../src/data/load-facts.js';
import { bundledTranslationsDirectory, loadTranslations } from '../src/data/translations.js';
import { answerLocaleFor, languageOfText, localeFromDiscord } from '../src/i18n/locales.js';
import { wordsIn } from '../src/i18n/words.js';
import { bundledStore } from './support/bundled-store.js';
import { expectWithinDiscordLimits, replyText } from './support/embed-limits.js';

describe('choosing the language', () => {
  it('answers uk and ru clients in their language and every other client in English', () => {
    expect(localeFromDiscord('uk')).toBe('uk');
    expect(localeFromDiscord('ru')).toBe('ru');
    expect(['en-US', 'en-GB', 'de', 'pl', undefined, null].map(localeFromDiscord)).toEqual(
      Array(6).fill('en'),
    );
  });

  it('tells Ukrainian from Russian by the letters only one of them writes', () => {
    expect(languageOfText('Що відбувається в Курській області?')).toBe('uk');
    expect(languageOfText("Чи є перемир'я?")).toBe('uk');
    expect(languageOfText('Что происходит в Курской области?')).toBe('ru');
    expect(languageOfText('Суджа')).toBeUndefined();
    expect(languageOfText('what about Sudzha')).toBeUndefined();
    expect(answerLocaleFor('Что происходит в Судже?', 'en')).toBe('ru');
    // A reader who chose Ukrainian keeps it, whatever the question is written in.
    expect(answerLocaleFor('Что происходит в Судже?', 'uk')).toBe('uk');
  });
});

describe('the store in a language', () => {
  it('keeps ids, order, dates, statuses and figures, and translates the words', async () => {
    const english = await bundledStore();
    for (const locale of ['uk', 'ru'] as const) {
      const store = english.in(locale);
      expect(store.locale).toBe(locale);
      expect(store.english).toBe(english);
      expect(store.in(locale)).toBe(store);
      expect(store.in('en')).toBe(english);
      expect(store.facts.map((fact) => fact.id)).toEqual(english.facts.map((fact) => fact.id));
      expect(
        store.facts.map((fact) => [fact.status, fact.date, fact.figures.map((figure) => figure.value)]),
      ).toEqual(
        english.facts.map((fact) => [
          fact.status,
          fact.date && { ...fact.date, ...(fact.date.note ? { note: expect.any(String) } : {}) },
          fact.figures.map((figure) => figure.value),
        ]),
      );
      // The bundled store ships complete: nothing falls back.
      expect(store.fallbackCount).toBe(0);
      // Names in both languages find the same place.
      expect(store.resolvePlace('Sudzha')?.id).toBe('sudzha');
      expect(store.resolvePlace('Суджа')?.id).toBe('sudzha');
    }
    expect(english.in('uk').resolvePlace('Курська область')?.id).toBe('kursk-region');
    expect(english.in('ru').resolvePlace('Курская область')?.id).toBe('kursk-region');
  });
});

describe('/status of Sudzha', () => {
  const cases = [
    {
      locale: 'uk',
      title: 'Ситуація: Суджа',
      claim:
        /\*\*Міністерство оборони Росії\*\* заявляє: Російські війська повністю встановили контроль над містом Суджа/,
      notConfirmed: /\*\*Збройні сили України\*\* офіційно не підтвердили втрату Суджі/,
      date: /13 бер\. 2025 р\./,
      english: /\b(claims|has not|confirmed|Where things stand|Latest|statements? about)\b/,
    },
    {
      locale: 'ru',
      title: 'Ситуация: Суджа',
      claim:
        /\*\*Министерство обороны России\*\* заявляет: Российские войска полностью установили контроль над городом Суджа/,
      notConfirmed: /\*\*Вооружённые силы Украины\*\* официально не подтвердили потерю Суджи/,
      date: /13 мар\. 2025 г\./,
      english: /\b(claims|has not|confirmed|Where things stand|Latest|statements? about)\b/,
    },
  ] as const;

  for (const { locale, title, claim, notConfirmed, date, english } of cases) {
    it(`shows the Defence Ministry's claim and Ukraine's "not officially confirmed" in ${locale}`, async () => {
      const reply = statusReply((await bundledStore()).in(locale), 'Суджа');
      expectWithinDiscordLimits(reply);
      const embed = reply.embeds[0];
      expect(embed?.title).toBe(title);
      const text = replyText(reply);
      expect(text).toMatch(claim);
      expect(text).toMatch(notConfirmed);
      expect(text).toMatch(date);
      expect(embed?.footer?.text).toContain(wordsIn(locale).t('common.embed.disclaimer'));
      // Nothing of sitrep's own English is left (outlets' names and headlines' originals aside).
      expect(embed?.description).not.toMatch(english);
    });
  }

  it('is unchanged in English', async () => {
    const text = replyText(statusReply(await bundledStore(), 'sudzha'));
    expect(text).toContain(
      "**Russia's Defence Ministry** claims: Russian troops have fully secured the town of Sudzha.",
    );
    expect(text).toContain("**Ukraine's military** has not officially confirmed the loss of Sudzha");
    expect(text).toContain('13 Mar 2025');
  });
});

describe('a missing translation', () => {
  it('shows the English statement with the marker, and says how many texts fell back', async () => {
    const data = await loadFactData();
    const translations = await loadTranslations(bundledTranslationsDirectory, data);
    for (const locale of ['uk', 'ru'] as const) {
      delete translations.get(locale)?.facts['mod-claims-sudzha'];
    }
    const store = new FactStore(data, { translations });
    for (const locale of ['uk', 'ru'] as const) {
      const localized = store.in(locale);
      expect(localized.fallbackCount).toBe(1);
      const marker = wordsIn(locale).t('common.fallback.marker');
      expect(localized.fact('mod-claims-sudzha')?.statement).toBe(
        `Russian troops have fully secured the town of Sudzha. ${marker}`,
      );
      const text = replyText(statusReply(localized, 'sudzha'));
      // Still attributed in the reader's language, the English words marked as such.
      expect(text).toContain(`Russian troops have fully secured the town of Sudzha. ${marker}`);
      expect(text).toMatch(
        locale === 'uk'
          ? /Міністерство оборони Росії\*\* заявляє/
          : /Министерство обороны России\*\* заявляет/,
      );
    }
  });

  it('falls back for every text when a store has no translations at all', async () => {
    const store = new FactStore(await loadFactData());
    const ukrainian = store.in('uk');
    expect(ukrainian.fallbackCount).toBeGreaterThan(store.facts.length);
    expect(
      ukrainian.facts.every((fact) => fact.statement.endsWith(wordsIn('uk').t('common.fallback.marker'))),
    ).toBe(true);
  });
});

describe('telling the language of a question', () => {
  it('reads the little words too', () => {
    expect(languageOfText('Сколько жителей эвакуировали из Суджи?')).toBe('ru');
    expect(languageOfText('Скільки жителів евакуювали із Суджі?')).toBe('uk');
    expect(languageOfText('Кто заявил о взятии Суджи?')).toBe('ru');
    expect(languageOfText('Хто заявив про взяття Суджі?')).toBe('uk');
    expect(languageOfText('Зеленський')).toBeUndefined();
  });
});
