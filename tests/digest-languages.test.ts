// Digests in a subscription's language: the digest itself (headings, verbs, counts with their plural
// forms, dates, the forum post's title, the paused notice) is written from the store in that language,
// and /digest's own replies in the reader's. English stays as it was (digest-brief.test.ts pins it).
import { describe, expect, it } from 'vitest';
import { buildDigestBrief, type FactHistory } from '../src/briefs/digest-brief.js';
import {
  describeSchedule,
  historyReply,
  invokerCannotPostReply,
  listReply,
  localizedDetail,
  permissionChecklistReply,
  scheduleChoices,
} from '../src/commands/digest-replies.js';
import { defaultDigestLimits } from '../src/config.js';
import { loadFactStore } from '../src/data/load-store.js';
import { digestMessage, digestThreadName, pausedNotice } from '../src/delivery/digest-message.js';
import { prepareSubscription } from '../src/delivery/subscription-requests.js';
import { wordsIn } from '../src/i18n/words.js';
import { parseSchedule, scheduleRefusalText } from '../src/scheduler/schedule.js';
import { newSubscription, type Subscription, withDelivery } from '../src/store/subscription.js';
import { expectWithinDiscordLimits, replyText } from './support/embed-limits.js';
import { historyLedger } from './support/history-ledger.js';

const english = await loadFactStore();
const since = new Date('2026-11-20T08:00:00Z');
const longAgo: FactHistory = { firstSeenAt: '2026-01-01T00:00:00.000Z' };
/** Sudzha's capture is new; Zaoleshenka's status changed from "reported". */
const history = (id: string): FactHistory =>
  id === 'mod-claims-sudzha'
    ? { firstSeenAt: '2026-11-21T10:00:00.000Z' }
    : id === 'mod-claims-zaoleshenka'
      ? { ...longAgo, statusChangedAt: '2026-11-22T10:00:00.000Z', previousStatus: 'reported' }
      : longAgo;

function digestIn(locale: 'en' | 'uk' | 'ru', ledgerHistory = history) {
  const facts = english.in(locale);
  const digest = buildDigestBrief({
    facts,
    ledger: historyLedger(facts, ledgerHistory),
    since,
    topics: [],
    note: { kind: 'test' },
  });
  const payload = { ...digestMessage(digest, { pingRoleId: null }), ephemeral: false };
  return { digest, payload, text: replyText(payload) };
}

const subscription = (extra: Partial<Subscription> = {}) =>
  newSubscription({
    id: 'lang0001',
    guildId: '200000000000000001',
    channelId: '300000000000000001',
    channelName: 'front-digest',
    channelKind: 'text',
    schedule: { input: 'daily 08:00', cron: '0 8 * * *', description: 'every day at 08:00' },
    timeZone: 'Europe/Kyiv',
    createdBy: '100000000000000001',
    createdAt: '2027-03-01T00:00:00.000Z',
    ...extra,
  });

describe('a digest in Ukrainian', () => {
  const { digest, payload, text } = digestIn('uk');

  it('has its headings, note and counts in Ukrainian, and says it is in Ukrainian', () => {
    expect(digest.brief.locale).toBe('uk');
    expect(digest.brief.title).toBe('Дайджест ситуації');
    expect(text).toContain('_Тестова публікація на запит модератора.');
    expect(text).toContain(`1 нова заява і 1 зміна статусу від <t:${since.getTime() / 1000}:f>.`);
    expect(text).toContain(`**Нове від <t:${since.getTime() / 1000}:f>**`);
    expect(text).toContain('**Статус змінився**');
    expect(text).toContain('**Останнє за регіонами**');
    expect(text).toContain('**Переговори про припинення вогню: останнє від кожної сторони**');
    expect(text).not.toMatch(/New since|Status changed|Latest by region|Situation digest/);
    expectWithinDiscordLimits(payload);
  });

  it('keeps who claims what: the claim as a claim, the non-confirmation as a negation, the old status', () => {
    expect(text).toMatch(/\*\*Міністерство оборони Росії\*\* заявляє: [^\n]*Суджа/);
    expect(text).toMatch(/\*\*Збройні сили України\*\* офіційно не підтвердили/);
    expect(text).toMatch(/Заолешенка[^\n]*_\(було: повідомлено\)_/);
  });

  it('writes dates the Ukrainian way, in the lines, the footer and the forum post title', () => {
    expect(text).toContain('13 бер. 2025 р.');
    expect(text).toMatch(/Інформація станом на (бл\. )?\d{1,2} [а-яії]+\. \d{4} р\./);
    expect(digestThreadName(digest, new Date('2027-03-28T05:00:00Z'), 'Europe/Kyiv')).toBe(
      'Дайджест ситуації · 28 бер. 2027 р. 08:00 (Europe/Kyiv)',
    );
  });

  it('names the chosen topics in Ukrainian', () => {
    const facts = english.in('uk');
    const topical = buildDigestBrief({
      facts,
      ledger: historyLedger(facts, () => longAgo),
      since,
      topics: ['north-korea'],
    });
    expect(topical.brief.title).toBe(`Дайджест ситуації: ${facts.topic('north-korea')?.name}`);
    expect(topical.brief.title).not.toContain('North Korea');
    expect(topical.brief.intro).toEqual([
      'Нових подій від ',
      { at: since },
      ' немає. Далі — підсумок поточного стану.',
    ]);
  });
});

describe('a digest in Russian', () => {
  const { digest, text } = digestIn('ru');

  it('has its headings, verbs, counts and dates in Russian', () => {
    expect(digest.brief.title).toBe('Дайджест ситуации');
    expect(text).toContain(`1 новое заявление и 1 изменение статуса с <t:${since.getTime() / 1000}:f>.`);
    expect(text).toContain('**Статус изменился**');
    expect(text).toContain('**Последнее по регионам**');
    expect(text).toMatch(/\*\*Министерство обороны России\*\* заявляет: [^\n]*Суджа/);
    expect(text).toMatch(/\*\*Вооружённые силы Украины\*\* официально не подтвердили/);
    expect(text).toMatch(/_\(было: сообщается\)_/);
    expect(text).toContain('13 мар. 2025 г.');
    expect(digestThreadName(digest, new Date('2027-03-28T05:00:00Z'), 'Europe/Kyiv')).toBe(
      'Дайджест ситуации · 28 мар. 2027 г. 08:00 (Europe/Kyiv)',
    );
  });
});

describe('counts of new statements', () => {
  /** A digest where the first `count` statements of the store are new. */
  const summaryWith = (locale: 'en' | 'uk' | 'ru', count: number) => {
    const newIds = new Set(english.facts.slice(0, count).map((fact) => fact.id));
    const { digest } = digestIn(locale, (id) =>
      newIds.has(id) ? { firstSeenAt: '2026-11-21T10:00:00.000Z' } : longAgo,
    );
    expect(digest.newFacts).toBe(count);
    const intro = digest.brief.intro as readonly unknown[];
    return String(intro.find((part) => typeof part === 'string' && /\d/.test(part)));
  };

  it('take the plural form of each language at 1, 2, 5, 11 and 21', () => {
    expect(english.facts.length).toBeGreaterThan(21);
    const expected = {
      en: [
        '1 new statement and',
        '2 new statements and',
        '5 new statements and',
        '11 new statements and',
        '21 new statements and',
      ],
      uk: ['1 нова заява і', '2 нові заяви і', '5 нових заяв і', '11 нових заяв і', '21 нова заява і'],
      ru: [
        '1 новое заявление и',
        '2 новых заявления и',
        '5 новых заявлений и',
        '11 новых заявлений и',
        '21 новое заявление и',
      ],
    } as const;
    for (const locale of ['en', 'uk', 'ru'] as const) {
      [1, 2, 5, 11, 21].forEach((count, index) => {
        expect(summaryWith(locale, count)).toContain(expected[locale][index]);
      });
    }
  });
});

describe('what a server is told about its digest', () => {
  it('tells the server its digest was paused in the digest’s language, with the command as its client names it', () => {
    const notice = pausedNotice(
      subscription({ language: 'uk' }),
      'the channel was deleted',
      'channel-deleted',
    );
    expect(notice).toBe(
      'sitrep призупинив дайджест ситуації `lang0001` для <#300000000000000001>: канал видалено. Коли це виправлять, модератор може виконати `/дайджест відновити підписка:lang0001` (або `/дайджест видалити`).',
    );
    expect(pausedNotice(subscription(), 'the channel was deleted', 'channel-deleted')).toBe(
      'sitrep paused the situation digest `lang0001` for <#300000000000000001>: the channel was deleted. Once that is fixed, a moderator can run `/digest resume id:lang0001` (or `/digest remove`).',
    );
  });
});

describe('/digest replies in the reader’s language', () => {
  it('lists each subscription with the language its digests are written in', () => {
    const subscriptions = [subscription(), subscription({ id: 'lang0002', language: 'ru' })];
    const english = replyText(listReply(subscriptions, () => undefined, 25, 0, 'en'));
    expect(english).toContain('Language: English');
    expect(english).toContain('Language: Russian');
    expect(english).toContain('every day at 08:00');
    const ukrainian = replyText(listReply(subscriptions, () => undefined, 25, 1, 'uk'));
    expect(ukrainian).toContain('Підписки на дайджести');
    expect(ukrainian).toContain('Мова: англійська');
    expect(ukrainian).toContain('Мова: російська');
    expect(ukrainian).toContain('щодня о 08:00');
    expect(ukrainian).toContain('1 підписка на дайджест у каналах, яких ви не бачите');
    const russian = replyText(listReply([], () => undefined, 25, 5, 'ru'));
    expect(russian).toContain('На этом сервере 5 подписок на дайджесты');
  });

  it('says a schedule in the reader’s words, and why one is refused', () => {
    const described = (input: string, locale: 'uk' | 'ru') => {
      const parsed = parseSchedule(input);
      if (!parsed.ok) throw new Error(parsed.reason);
      return describeSchedule(parsed.schedule, locale);
    };
    expect(described('daily 08:00', 'uk')).toBe('щодня о 08:00');
    expect(described('weekly mon 09:00', 'uk')).toBe('щотижня, понеділок, о 09:00');
    expect(described('every 6 hours', 'ru')).toBe('каждые 6 часов, в 00:00, 06:00, 12:00, 18:00');
    expect(described('weekdays 18:30', 'ru')).toBe('по будням в 18:30');
    expect(described('0 8 1 * *', 'uk')).toBe('cron `0 8 1 * *`');
    const refused = parseSchedule('0 8 * *');
    if (refused.ok) throw new Error('a 4-field cron parsed');
    expect(scheduleRefusalText(refused.refusal, wordsIn('en'))).toBe(refused.reason);
    expect(scheduleRefusalText(refused.refusal, wordsIn('uk'))).toMatch(/^Це ні шаблон .* У ньому 4 поля\.$/);
    expect(scheduleRefusalText(refused.refusal, wordsIn('ru'))).toMatch(/^Это ни шаблон .* В нём 4 поля\.$/);
    const both = parseSchedule('0 8 1 * 1');
    if (both.ok) throw new Error('day and weekday parsed');
    expect(scheduleRefusalText(both.refusal, wordsIn('uk'))).toMatch(
      /^Обмежте або день місяця, або день тижня/,
    );
    const [choice] = scheduleChoices('daily 8', 'Europe/Kyiv', Date.parse('2027-03-26T12:00:00Z'), 'uk');
    expect(choice?.name).toMatch(/^✗ daily 8: Укажіть час як ГГ:ХХ/);
  });

  it('refuses a request in the reader’s language, and stores the language it was given', () => {
    const context = {
      existing: [],
      limits: defaultDigestLimits,
      facts: english,
      now: Date.parse('2027-03-26T12:00:00Z'),
    };
    const request = {
      guildId: '200000000000000001',
      channel: { id: '300000000000000001', name: 'front-digest', kind: 'text' as const },
      schedule: 'daily 08:00',
      requestedBy: '100000000000000001',
    };
    const zone = prepareSubscription({ ...request, timeZone: 'Mars/Olympus', readerLocale: 'uk' }, context);
    expect(zone.ok ? '' : zone.reason).toBe(
      '`Mars/Olympus` — невідомий мені часовий пояс. Укажіть назву IANA, як-от Europe/Kyiv, Europe/Moscow чи UTC; виберіть її зі списку, поки набираєте.',
    );
    const englishZone = prepareSubscription({ ...request, timeZone: 'Mars/Olympus' }, context);
    expect(englishZone.ok ? '' : englishZone.reason).toMatch(/^`Mars\/Olympus` is not a time zone I know\./);
    const publish = prepareSubscription({ ...request, publish: true, readerLocale: 'ru' }, context);
    expect(publish.ok ? '' : publish.reason).toMatch(/^опубликовать:true публикует каждый дайджест/);
    const topic = prepareSubscription({ ...request, topics: 'Північна Корея', readerLocale: 'uk' }, context);
    expect(topic.ok && topic.value.topics).toEqual(['north-korea']);
    const stored = prepareSubscription({ ...request, language: 'ru' }, context);
    expect(stored.ok && stored.value.language).toBe('ru');
    const unset = prepareSubscription(request, context);
    expect(unset.ok && unset.value.language).toBe('en');
  });

  it('names permissions as the reader’s Discord does, with Discord’s English name beside', () => {
    expect(
      replyText(invokerCannotPostReply('300000000000000001', ['Send Messages'], 'test', 'uk')),
    ).toContain(
      'вам бракує там дозволів: Надсилати повідомлення (Send Messages)), тож sitrep не публікуватиме там тест',
    );
    const checklist = replyText(
      permissionChecklistReply('300000000000000001', 'text', ['Attach Files'], { map: true }, 'ru'),
    );
    expect(checklist).toContain('✅ Просматривать канал (View Channel)');
    expect(checklist).toContain('❌ Прикреплять файлы (Attach Files) (для карта:true)');
    expect(checklist).toContain('или подпишитесь без карта:true');
  });

  it('shows the history in the reader’s language, sitrep’s own notes translated, Discord’s words kept', () => {
    let record = subscription();
    record = withDelivery(record, {
      at: '2027-03-26T05:00:00.000Z',
      slotKey: '2027-03-26T08:00',
      kind: 'late',
      result: 'posted',
      messageId: '400000000000000001',
      detail: 'posted late; without its map: sitrep may not attach files in the channel (Attach Files)',
    });
    record = withDelivery(record, {
      at: '2027-03-27T05:00:00.000Z',
      slotKey: '2027-03-27T08:00',
      kind: 'scheduled',
      result: 'failed',
      detail: 'Discord answered 503',
    });
    const text = replyText(historyReply(record, 'uk'));
    expect(text).toContain('Історія доставок · lang0001 · #front-digest');
    expect(text).toContain('Останні 2 доставки в <#300000000000000001>');
    expect(text).toContain('не вдалося · запуск 2027-03-27 08:00 (Europe/Kyiv)');
    expect(text).toContain('Причина: Discord answered 503');
    expect(text).toContain(
      'Примітка: опубліковано із запізненням; без мапи: sitrep не може прикріплювати файли в цьому каналі (Attach Files)',
    );
    expect(localizedDetail('posted late', wordsIn('en'))).toBe('posted late');
  });
});
