// What a watcher's direct message says after a reload: built from the real bundled facts and the real
// fact ledger, reconciled before and after the reload as the running bot does.
import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { buildWatchBrief, type Watch, WatchChangeFeed } from '../src/briefs/watch-brief.js';
import { FactStore } from '../src/data/fact-store.js';
import { loadFactData } from '../src/data/load-facts.js';
import type { Fact } from '../src/data/schema.js';
import { bundledTranslationsDirectory, loadTranslations } from '../src/data/translations.js';
import { parseStopWatchingId, watchMessage } from '../src/delivery/watch-delivery.js';
import { wordsIn } from '../src/i18n/words.js';
import { FactLedger } from '../src/store/fact-ledger.js';
import { expectWithinDiscordLimits, replyText } from './support/embed-limits.js';

const data = await loadFactData();
const translations = await loadTranslations(bundledTranslationsDirectory, data);
const before = new FactStore(data);
const loadedAt = '2027-03-01T08:00:00.000Z';
const watchedAt = '2027-03-01T09:00:00.000Z';
const reloadedAt = '2027-03-01T10:00:00.000Z';

const template = (id: string) => data.facts.find((fact) => fact.id === id) as Fact;
const outskirts: Fact = {
  ...template('mod-claims-sudzha'),
  id: 'mod-claims-sudzha-outskirts',
  statement: 'Russian troops have cleared the outskirts of Sudzha.',
  respondsTo: [],
};

/** The facts after an operator's edit: `change` applied to the bundled facts. */
function reloaded(change: (facts: Fact[]) => Fact[]): FactStore {
  return new FactStore({ ...data, facts: change([...data.facts]) });
}

/** A ledger that saw the bundled facts at load, then `after` at the reload. */
async function ledgerAcross(after: FactStore): Promise<FactLedger> {
  const ledger = new FactLedger(new Keyv());
  await ledger.reconcile(before, new Date(loadedAt));
  await ledger.reconcile(after, new Date(reloadedAt));
  return ledger;
}

const watch = (kind: Watch['kind'], id: string, addedAt = watchedAt): Watch => ({ kind, id, addedAt });

/** The usual reload: a new statement about Sudzha, and Moscow's "not officially confirmed" on North Korea now "confirmed". */
const afterReload = reloaded((facts) => [
  ...facts.map((fact) =>
    fact.id === 'moscow-not-confirmed-nk' ? { ...fact, status: 'confirmed' as const } : fact,
  ),
  outskirts,
]);

describe('a watcher’s message after a reload', () => {
  it('reports a new statement about a place inside the watched one and a status change on a watched topic, attributed and sourced', async () => {
    const ledger = await ledgerAcross(afterReload);
    const feed = new WatchChangeFeed(afterReload, ledger, watchedAt);
    const watches = [watch('place', 'sudzha-district'), watch('topic', 'north-korea')];
    const changes = feed.changesFor(watchedAt, watches);
    expect(changes.map(({ fact, change }) => [fact.id, change])).toEqual([
      ['mod-claims-sudzha-outskirts', 'added'],
      ['moscow-not-confirmed-nk', 'status'],
    ]);
    const brief = buildWatchBrief(afterReload, changes, new Date(watchedAt));
    expect(brief).toMatchObject({ newFacts: 1, changedFacts: 1 });
    const message = watchMessage(afterReload, brief as NonNullable<typeof brief>);
    const text = replyText({ ...message, ephemeral: false });
    expect(text).toContain('What changed on your watches');
    expect(text).toContain(
      `1 new statement and 1 status change on Sudzha district and North Korea's involvement since <t:${Date.parse(watchedAt) / 1000}:f>`,
    );
    expect(text).toMatch(
      /\*\*New on Sudzha district\*\*\n• \*\*Russia's Defence Ministry\*\* claims: Russian troops have cleared the outskirts of Sudzha\. \(13 Mar 2025, date from other reporting \[\d\]\[\d\]\) \[\d\]/,
    );
    // The claim stays a claim, and the confirmation names who confirms it and what it was before.
    expect(text).toMatch(
      /\*\*Status changed on North Korea's involvement\*\*\n• \*\*Russia's government\*\* confirms the presence of North Korean soldiers in Kursk region, as of c\. 17 Mar 2025\. \[\d\][^\n]*_\(was: not officially confirmed\)_/,
    );
    expect(text).toContain('Sources');
    expect(text).toContain('Business-News-Today.com');
    expectWithinDiscordLimits({ ...message, ephemeral: false });
    // One stop button per watch the message reports on.
    const buttons = message.components.flatMap((row) => row.components);
    expect(buttons.map((button) => ('label' in button ? button.label : ''))).toEqual([
      'Stop watching Sudzha district',
      "Stop watching North Korea's involvement",
    ]);
    expect(
      buttons.map((button) => ('custom_id' in button ? parseStopWatchingId(button.custom_id) : undefined)),
    ).toEqual([
      { kind: 'place', id: 'sudzha-district' },
      { kind: 'topic', id: 'north-korea' },
    ]);
  });

  it('says nothing to watchers of subjects the reload did not touch, or who started watching after it', async () => {
    const ledger = await ledgerAcross(afterReload);
    const feed = new WatchChangeFeed(afterReload, ledger, watchedAt);
    for (const unrelated of [
      [watch('place', 'sumy-region')],
      [watch('topic', 'ceasefire')],
      [watch('actor', 'trump')],
      [watch('place', 'sudzha', '2027-03-01T10:30:00.000Z')],
    ]) {
      const changes = feed.changesFor(watchedAt, unrelated);
      expect(changes, JSON.stringify(unrelated)).toEqual([]);
      expect(buildWatchBrief(afterReload, changes, new Date(watchedAt))).toBeUndefined();
    }
    // A watcher whose messages already cover the reload has nothing new either.
    expect(feed.changesFor(reloadedAt, [watch('place', 'sudzha')])).toEqual([]);
  });

  it('lists a statement once, under the first watch it concerns, however many watches it touches', async () => {
    const ledger = await ledgerAcross(afterReload);
    const feed = new WatchChangeFeed(afterReload, ledger, watchedAt);
    const changes = feed.changesFor(watchedAt, [
      watch('actor', 'ru-defence-ministry'),
      watch('place', 'kursk-region'),
      watch('topic', 'territorial-control'),
    ]);
    expect(changes.map(({ fact, target }) => [fact.id, target.id])).toEqual([
      ['mod-claims-sudzha-outskirts', 'ru-defence-ministry'],
      ['moscow-not-confirmed-nk', 'kursk-region'],
    ]);
    const text = replyText({
      ...watchMessage(afterReload, buildWatchBrief(afterReload, changes, new Date(watchedAt)) as never),
      ephemeral: false,
    });
    expect(text.match(/cleared the outskirts of Sudzha/g)).toHaveLength(1);
  });

  it('includes a new answer to a watched place’s claim even when the answer names no place, and shows what it answers', async () => {
    const denial: Fact = {
      ...template('mod-claims-sudzha'),
      id: 'ua-denies-sudzha-outskirts',
      actor: 'ua-military',
      status: 'denied',
      statement: 'that Russian troops have cleared the outskirts of Sudzha.',
      places: [],
      topics: [],
      respondsTo: ['mod-claims-sudzha'],
    };
    const withDenial = reloaded((facts) => [...facts, denial]);
    const ledger = await ledgerAcross(withDenial);
    const changes = new WatchChangeFeed(withDenial, ledger, watchedAt).changesFor(watchedAt, [
      watch('place', 'sudzha'),
    ]);
    expect(changes.map(({ fact, answers }) => [fact.id, answers?.id])).toEqual([
      ['ua-denies-sudzha-outskirts', 'mod-claims-sudzha'],
    ]);
    const text = replyText({
      ...watchMessage(withDenial, buildWatchBrief(withDenial, changes, new Date(watchedAt)) as never),
      ephemeral: false,
    });
    expect(text).toMatch(
      /• \*\*Ukraine's military\*\* denies that Russian troops have cleared the outskirts of Sudzha\.[^\n]*\n {2}↳ _In answer to: \*\*Russia's Defence Ministry\*\* claims: Russian troops have fully secured the town of Sudzha\./,
    );
  });

  it('rebuilds an interrupted message from exactly the changes it covered, not what came after', async () => {
    const ledger = await ledgerAcross(afterReload);
    const later = reloaded((facts) => [
      ...afterReload.facts.filter(
        (fact) => facts.some((original) => original.id === fact.id) || fact === outskirts,
      ),
      {
        ...outskirts,
        id: 'mod-claims-sudzha-centre',
        statement: 'Russian troops hold the centre of Sudzha.',
      },
    ]);
    await ledger.reconcile(later, new Date('2027-03-01T11:00:00.000Z'));
    const feed = new WatchChangeFeed(later, ledger, watchedAt);
    const all = feed.changesFor(watchedAt, [watch('place', 'sudzha')]);
    const upToFirstReload = feed.changesFor(watchedAt, [watch('place', 'sudzha')], reloadedAt);
    expect(all.map(({ fact }) => fact.id).sort()).toEqual([
      'mod-claims-sudzha-centre',
      'mod-claims-sudzha-outskirts',
    ]);
    expect(upToFirstReload.map(({ fact }) => fact.id)).toEqual(['mod-claims-sudzha-outskirts']);
    expect(feed.newest).toBe('2027-03-01T11:00:00.000Z');
  });

  it('stays within Discord’s limits with 100 new statements on one watch, and says where to read the rest', async () => {
    const many = Array.from({ length: 100 }, (_, index) => ({
      ...outskirts,
      id: `sudzha-report-${index}`,
      statement: `Russian troops report activity in sector ${index} on the outskirts of Sudzha, with further detail on positions, supply routes and evacuation corridors near the town.`,
    }));
    const crowded = reloaded((facts) => [...facts, ...many]);
    const ledger = await ledgerAcross(crowded);
    const changes = new WatchChangeFeed(crowded, ledger, watchedAt).changesFor(watchedAt, [
      watch('place', 'sudzha'),
    ]);
    expect(changes).toHaveLength(100);
    const message = watchMessage(crowded, buildWatchBrief(crowded, changes, new Date(watchedAt)) as never);
    expectWithinDiscordLimits({ ...message, ephemeral: false });
    expect(replyText({ ...message, ephemeral: false })).toMatch(
      /\d+ more statements: `\/status region:Sudzha`/,
    );
  });

  it('serves 10,000 watchers of one subject from one index of the reload', async () => {
    const ledger = await ledgerAcross(afterReload);
    const feed = new WatchChangeFeed(afterReload, ledger, watchedAt);
    const started = performance.now();
    let reported = 0;
    for (let index = 0; index < 10_000; index++) {
      const cursor = new Date(Date.parse(watchedAt) + index).toISOString();
      reported += feed.changesFor(cursor, [watch('place', 'sudzha', cursor)]).length;
    }
    expect(reported).toBe(10_000);
    // Generous for a shared machine; a scan of the ledger per watcher is what this guards against.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('a watcher’s message in the watcher’s language', () => {
  // The bundled facts with their translations: one statement about Sudzha arrives with the reload,
  // and Moscow's "not officially confirmed" on North Korea becomes "confirmed".
  const withoutClaim = new FactStore(
    { ...data, facts: data.facts.filter((fact) => fact.id !== 'mod-claims-sudzha') },
    { translations },
  );
  const translatedReload = new FactStore(
    {
      ...data,
      facts: data.facts.map((fact) =>
        fact.id === 'moscow-not-confirmed-nk' ? { ...fact, status: 'confirmed' as const } : fact,
      ),
    },
    { translations },
  );

  async function translatedMessage(locale: 'en' | 'uk' | 'ru') {
    const ledger = new FactLedger(new Keyv());
    await ledger.reconcile(withoutClaim, new Date(loadedAt));
    await ledger.reconcile(translatedReload, new Date(reloadedAt));
    const changes = new WatchChangeFeed(translatedReload, ledger, watchedAt).changesFor(watchedAt, [
      watch('place', 'sudzha-district'),
      watch('topic', 'north-korea'),
    ]);
    const facts = translatedReload.in(locale);
    const brief = buildWatchBrief(facts, changes, new Date(watchedAt));
    if (!brief) throw new Error('no message');
    const message = watchMessage(facts, brief);
    expectWithinDiscordLimits({ ...message, ephemeral: false });
    return {
      brief,
      text: replyText({ ...message, ephemeral: false }),
      labels: message.components.flatMap((row) =>
        row.components.map((button) => ('label' in button ? (button.label ?? '') : '')),
      ),
    };
  }

  it.each([
    {
      locale: 'uk' as const,
      title: 'Що змінилося в тому, за чим ви стежите',
      intro: 'Суджанський район і Участь Північної Кореї: 1 нова заява і 1 зміна статусу з ',
      claim:
        '**Міністерство оборони Росії** заявляє: Російські війська повністю встановили контроль над містом Суджа.',
      confirmation: '**Уряд Росії** підтверджує присутність північнокорейських солдатів у Курській області',
      sections: ['**Нове: Суджанський район**', '**Змінився статус: Участь Північної Кореї**'],
      was: '_(було: офіційно не підтверджено)_',
      stops: ['Не стежити: Суджанський район', 'Не стежити: Участь Північної Кореї'],
      command: '/стежити',
    },
    {
      locale: 'ru' as const,
      title: 'Что изменилось в том, за чем вы следите',
      intro: 'Суджанский район и Участие Северной Кореи: 1 новое заявление и 1 смена статуса с ',
      claim:
        '**Министерство обороны России** заявляет: Российские войска полностью установили контроль над городом Суджа.',
      confirmation:
        '**Правительство России** подтверждает присутствие северокорейских солдат в Курской области',
      sections: ['**Новое: Суджанский район**', '**Изменился статус: Участие Северной Кореи**'],
      was: '_(было: официально не подтверждено)_',
      stops: ['Не следить: Суджанский район', 'Не следить: Участие Северной Кореи'],
      command: '/следить',
    },
  ])(
    'is written in $locale from the translated statements, the claim still a claim and the old status named',
    async (expected) => {
      const { brief, text, labels } = await translatedMessage(expected.locale);
      expect(brief.brief.locale).toBe(expected.locale);
      expect(text).toContain(expected.title);
      expect(text).toContain(`${expected.intro}<t:${Date.parse(watchedAt) / 1000}:f>`);
      expect(text).toContain(expected.command);
      for (const section of expected.sections) expect(text).toContain(section);
      expect(text).toContain(expected.claim);
      expect(text).toContain(expected.confirmation);
      expect(text).toContain(expected.was);
      expect(labels).toEqual(expected.stops);
      // Nothing English left of the fixed text, and no statement fell back to English.
      expect(text).not.toMatch(/What changed|New on|Status changed|was:|Stop watching/);
      expect(text).not.toContain(wordsIn(expected.locale).t('common.fallback.marker'));
    },
  );

  it('is the English message as before from the same translated facts', async () => {
    const { text, labels } = await translatedMessage('en');
    expect(text).toContain(
      `1 new statement and 1 status change on Sudzha district and North Korea's involvement since <t:${Date.parse(watchedAt) / 1000}:f>. You get this because you watch them with /watch.`,
    );
    expect(text).toContain(
      "**Russia's Defence Ministry** claims: Russian troops have fully secured the town of Sudzha.",
    );
    expect(labels).toEqual(['Stop watching Sudzha district', "Stop watching North Korea's involvement"]);
  });
});
