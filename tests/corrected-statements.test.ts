// The statements issue 14 corrected, as a reader sees them: rendered through the real brief builders
// and the Discord renderer, asserting the visible wording.
import { describe, expect, it } from 'vitest';
import { buildActorBrief } from '../src/briefs/actor-brief.js';
import { buildAnswerBrief } from '../src/briefs/answer-brief.js';
import type { Brief } from '../src/briefs/brief.js';
import { buildCeasefireBrief } from '../src/briefs/ceasefire-brief.js';
import { buildSourcesBrief } from '../src/briefs/sources-brief.js';
import { buildStatusBrief } from '../src/briefs/status-brief.js';
import { buildTimelineBrief } from '../src/briefs/timeline-brief.js';
import { buildTopicBrief } from '../src/briefs/topic-brief.js';
import type { FactStore } from '../src/data/fact-store.js';
import { renderBriefEmbed } from '../src/render/discord-embed.js';
import { bundledStore } from './support/bundled-store.js';
import { expectWithinDiscordLimits, replyText } from './support/embed-limits.js';

/** Every page of the brief as Discord would show it, as one text. */
function rendered(brief: () => Brief): string {
  const pages: string[] = [];
  for (let page = 1; page <= 10; page++) {
    const reply = renderBriefEmbed(brief(), { page });
    expectWithinDiscordLimits(reply);
    pages.push(replyText(reply));
    // "page 2 ·" means more follow; "page 3 of 3", or no page at all, means this was the last.
    if (!/· page \d+ ·/.test(reply.embeds[0]?.footer?.text ?? '')) break;
  }
  return pages.join('\n');
}

const topic = (store: FactStore, id: string) => {
  const found = store.topic(id);
  if (!found) throw new Error(`no topic ${id}`);
  return () => buildTopicBrief(store, found);
};
const place = (store: FactStore, id: string) => {
  const found = store.place(id);
  if (!found) throw new Error(`no place ${id}`);
  return () => buildStatusBrief(store, found);
};

describe('statements that said more or less than their source', () => {
  it("gives the long Neptune's range as Zelenskyy's announced figure, not independently verified", async () => {
    const store = await bundledStore();
    const text = rendered(() => buildAnswerBrief(store, 'how far can the long neptune strike'));
    expect(text).toContain(
      '**Ukrainian President Volodymyr Zelenskyy** announced that the "long Neptune" missile can strike targets 1,000 km (621 mi) away (not independently verified).',
    );
    expect(text).not.toContain('up to 1,000');
    expect(store.fact('long-neptune-range')?.figures[0]?.qualifier).toBeUndefined();
  });

  it('keeps "officially" in Moscow\'s non-confirmation, with its date and what came next', async () => {
    const store = await bundledStore();
    const text = rendered(topic(store, 'north-korea'));
    expect(text).toContain(
      "**Russia's government** has not officially confirmed the presence of North Korean soldiers in Kursk region, as of c. 17 Mar 2025. [1]",
    );
    expect(text).toMatch(
      /↳ _What came next: \*\*Russia's military command\*\* confirms for the first time that North Korean troops fought alongside Russian forces in Kursk region\. \(26 Apr 2025, per its source\)/,
    );
    expect(text).toMatch(
      /↳ _What came next: \*\*North Korea's Central Military Commission\*\* confirms for the first time, in a statement carried by the state news agency KCNA, that North Korean units took part in the fighting in Kursk region, on the order of Kim Jong Un\. \(28 Apr 2025, per its source\)/,
    );
    expect(text).toContain(
      '**Russian President Vladimir Putin** says: Russia is grateful to North Korea and its leader, Kim Jong Un, for the part North Korean troops played in the fighting in Kursk region. (28 Apr 2025, per its source)',
    );
    expect(text).toContain('Politico Europe, 28 Apr 2025');
  });

  it('keeps "officially" in Ukraine\'s non-confirmation, and shows the General Staff\'s maps beside it', async () => {
    const store = await bundledStore();
    const text = rendered(place(store, 'sudzha'));
    expect(text).toContain(
      "↳ _**Ukraine's military** has not officially confirmed the loss of Sudzha, Rubanshchina or Zaoleshenka, as of c. 17 Mar 2025. [",
    );
    expect(text).toContain(
      "↳ _Around the same time: **Ukraine's General Staff** reports: Battlefield maps published by the General Staff show Ukrainian forces outside Sudzha, and no longer show Rubanshchina as held, which implies a withdrawal; no accompanying statement names the town. (15–16 Mar 2025, per its source)",
    );
    expect(text).toContain(
      'Interfax-Ukraine, 15 Mar 2025: "AFU General Staff confirms withdrawing from Sudzha"',
    );
    expect(text).toContain(
      '↳ _**Business-News-Today.com** says: Whether Sudzha, Rubanshchina and Zaoleshenka have been lost is hard to verify independently',
    );
  });

  it("says the sources give no casualty figures, in sitrep's voice and not as the outlet's words", async () => {
    const store = await bundledStore();
    const answer = rendered(() => buildAnswerBrief(store, 'how many casualties'));
    expect(answer).toContain(
      '**Business-News-Today.com** reports: Both sides have suffered heavy casualties in the fighting for Kursk. [1]\n  ↳ _Business-News-Today.com gives no casualty figures for either side._',
    );
    expect(answer).not.toContain('no figures are given');
    expect(rendered(topic(store, 'fighting-intensity'))).toContain(
      'Business-News-Today.com gives no casualty figures for either side.',
    );
    const northKorea = rendered(topic(store, 'north-korea'));
    expect(northKorea).toContain(
      "North Korean personnel and supplies supporting Russia's war effort. Business-News-Today.com gives no number of North Korean troops.",
    );
  });

  it("says Putin's demands are the article's paraphrase, undated and not tied to Kursk region", async () => {
    const store = await bundledStore();
    const text = rendered(() => buildCeasefireBrief(store, 'russia'));
    expect(text).toContain(
      "**Russian President Vladimir Putin** says, in Business-News-Today.com's paraphrase: Russia supports the idea of a 30-day ceasefire only conditionally, with several demands attached, among them the withdrawal of Ukrainian troops from contested areas, as of c. 17 Mar 2025.",
    );
    expect(text).toContain(
      '**Russian President Vladimir Putin** says: Russia agrees in principle with the US proposal for a 30-day ceasefire, but there are "nuances". (13 Mar 2025, per its source)',
    );
    const paraphrase = store.fact('putin-conditional-support');
    expect(paraphrase?.date).toBeUndefined();
    expect(paraphrase?.places).not.toContain('kursk-region');
  });

  it("gives Ukraine's ceasefire acceptance with Russia as its condition", async () => {
    const store = await bundledStore();
    expect(rendered(() => buildCeasefireBrief(store, 'ukraine'))).toContain(
      '**Ukraine\'s government** announced its readiness, at talks in Jeddah, Saudi Arabia, to accept the US proposal for an immediate 30-day ceasefire, "subject to acceptance and concurrent implementation by the Russian Federation". (11 Mar 2025, per its source)',
    );
  });

  it('reports attitudes and hedges as the article gives them', async () => {
    const store = await bundledStore();
    const ceasefire = rendered(() => buildCeasefireBrief(store));
    expect(ceasefire).toContain(
      '**Business-News-Today.com** reports: Ukrainian officials remain cautious about any early negotiations, for fear that Russia could use a ceasefire to regroup and mount new offensives.',
    );
    expect(ceasefire).not.toMatch(/Ukrainian officials\*\* warn/);

    const zelenskyy = store.resolveActor('Zelenskyy');
    if (!zelenskyy) throw new Error('no Zelenskyy');
    const who = rendered(() => buildActorBrief(store, zelenskyy));
    expect(who).toContain(
      '**Ukrainian President Volodymyr Zelenskyy** has expressed concern that the Russian troop build-up near Kursk points to an imminent attack on Sumy. (15 Mar 2025, date from other reporting [',
    );

    const sumy = rendered(place(store, 'sumy-region'));
    expect(sumy).toContain(
      '**Business-News-Today.com** assesses: Moscow could be speeding up its offensive ahead of the arrival of further reinforcements for Ukraine.',
    );
    expect(sumy).not.toContain('Western reinforcements');
    expect(sumy).toContain(
      '**Business-News-Today.com** reports: No large-scale Russian ground offensive on Sumy region has begun yet, as of c. 17 Mar 2025.',
    );

    const northKorea = rendered(topic(store, 'north-korea'));
    expect(northKorea).toContain(
      '**Business-News-Today.com** reports: In recent months there have been more and more accounts of North Korean ammunition and artillery supplies reaching Russian forces.',
    );
    expect(northKorea).not.toContain('without independent verification');
    expect(northKorea).toContain(
      "**Intelligence reports and Ukrainian military officials** report: North Korea has dispatched personnel to back Russia's operations.",
    );

    const arms = rendered(topic(store, 'domestic-arms'));
    expect(arms).toContain('Russian military infrastructure beyond the front lines.');
    expect(arms).not.toContain('far behind');
  });

  it("treats Ukraine's hold on Kursk as the outlet's assessment, and Kursk as not fully retaken then", async () => {
    const store = await bundledStore();
    expect(store.fact('ua-forces-holding-kursk')).toMatchObject({ status: 'assessed', importance: 2 });
    const text = rendered(place(store, 'kursk-region'));
    expect(text).toContain(
      "**Business-News-Today.com** assesses: Ukraine's troops are keeping hold of their ground in Kursk region, in spite of Moscow's claimed gains, as of c. 17 Mar 2025.",
    );
    expect(text).toContain(
      '**Business-News-Today.com** assesses: Russia has not yet retaken the whole of Kursk region, as of c. 17 Mar 2025. [',
    );
    expect(text).toContain(
      "↳ _What came next: **Russia's military command** claims: The whole of Kursk region has been retaken from Ukrainian forces. (26 Apr 2025, per its source)",
    );
    expect(text).toContain(
      "↳ _**Ukraine's military** disputes the claim that Russia has retaken the whole of Kursk region.",
    );
  });

  it('holds the article claims the store lacked, each standing alone', async () => {
    const store = await bundledStore();
    const text = rendered(place(store, 'kursk-region'));
    for (const statement of [
      "The escalating fighting in Kursk has caught the world's attention, especially amid speculation about a Russian offensive on Sumy region.",
      "Ukraine's seizure of more than 100 settlements in Kursk region was one of the boldest manoeuvres of the whole war.",
      'What the intensifying battle for Kursk means for the wider war is still unclear.',
      'Whether it is settled by force or by negotiation, the contest for control of Kursk and Sumy regions will remain a central focus of the war between Russia and Ukraine.',
      "Ukraine's Kursk operation was the first time since the Second World War that foreign troops had held Russian territory.",
      "Kyiv's Kursk operation set out to create a buffer zone that would stop further incursions into Ukraine's Sumy region.",
    ]) {
      expect(text).toContain(statement);
    }
  });

  it('marks the long Neptune announcement as approximately dated', async () => {
    const store = await bundledStore();
    const text = rendered(() => buildTimelineBrief(store));
    expect(text).toContain(
      '**c. 16 Mar 2025**: **Ukrainian President Volodymyr Zelenskyy** announced that Ukraine has successfully deployed a new long-range missile, the "long Neptune".',
    );
    expect(text).toContain('the weekend of 15-16 March 2025; ANSA dates it 16 March');
    expect(text).toContain("**15–16 Mar 2025**: **Ukraine's General Staff** reports:");
  });
});

describe('actors, places and sources', () => {
  it('names actors without making intelligence reports Ukrainian, and without stray commas', async () => {
    const store = await bundledStore();
    expect(store.actor('ua-military-officials')?.name).toBe(
      'Intelligence reports and Ukrainian military officials',
    );
    expect(store.actor('western-governments')?.name).toBe(
      'Western governments, including the UK, France and Germany',
    );
    expect(store.resolveActor('United Kingdom')).toBeUndefined();
    expect(store.resolveActor('Starmer')?.id).toBe('starmer');
  });

  it('knows Belgorod and Kursk by their Ukrainian names, and no longer by unsourced or wrong ones', async () => {
    const store = await bundledStore();
    expect(store.resolvePlace('Бєлгород')?.id).toBe('belgorod-region');
    expect(store.resolvePlace('Бєлгородська область')?.id).toBe('belgorod-region');
    expect(store.resolvePlace('Курська область')?.id).toBe('kursk-region');
    expect(store.resolvePlace('Курськ')?.id).toBe('kursk-region');
    expect(store.resolvePlace('Bilhorod')).toBeUndefined();
    expect(store.resolvePlace('Zaoleshenko')).toBeUndefined();
    expect(store.place('rubanshchina')?.coordinates).toMatchObject({ estimated: true, precisionKm: 5 });
  });

  it('lists each source with its title or subject and its link in /sources, the two AP stories apart', async () => {
    const store = await bundledStore();
    const text = rendered(() => buildSourcesBrief(store));
    expect(text).toContain(
      '**The Moscow Times**, 13 Mar 2025: "Russian Army Regains Control Over Sudzha in Kursk Border Region" https://www.themoscowtimes.com/2025/03/13/russian-army-regains-control-over-sudzha-in-kursk-border-region-a88341 · Cited by 1 statement.',
    );
    expect(text).toContain(
      "**AP**, 13 Mar 2025, on Russia's claim to have retaken Sudzha https://www.ajc.com/",
    );
    expect(text).toContain(
      "**AP**, 13 Mar 2025, on Putin's response to the 30-day proposal https://www.upday.com/",
    );
    expect(text).toContain(
      '**Meduza**, 15 Mar 2025, on the claimed recapture of two villages near Sudzha (in Russian) https://meduza.io/',
    );
    for (const source of store.sources) {
      if (source.id !== 'bnt-kursk-article' && source.id !== 'independent-2025-05-09') {
        expect(source.url, source.id).toMatch(/^https:\/\//);
      }
    }
  });

  it("gives a statement's sources with their links where the reply has room for them", async () => {
    const store = await bundledStore();
    const text = rendered(() => buildAnswerBrief(store, 'long neptune deployed'));
    expect(text).toContain(
      'ANSA, 16 Mar 2025, on the long Neptune announcement (in Italian) https://www.imolaoggi.it/2025/03/16/zelensky-testato-con-successo-missile-che-puo-colpire-mosca/',
    );
  });
});
