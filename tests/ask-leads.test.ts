// The leads /ask and /status open with, on the real store: built only from stored statements, each
// clause citing its facts, never a claim as fact, never a dropped negation, never an invented number.
import { describe, expect, it } from 'vitest';
import { buildAnswerBrief } from '../src/briefs/answer-brief.js';
import { answerQuestion } from '../src/briefs/answers/answer.js';
import { buildStatusBrief } from '../src/briefs/status-brief.js';
import { askReply } from '../src/commands/ask.js';
import { statusReply } from '../src/commands/status.js';
import { bundledStore } from './support/bundled-store.js';
import { expectWithinDiscordLimits, replyText } from './support/embed-limits.js';

async function lead(question: string) {
  return answerQuestion(await bundledStore(), question).lead;
}

describe('/ask leads', () => {
  it("says that no figure is given, in sitrep's voice, and what the store has instead", async () => {
    const found = await lead('How many North Korean troops are in Kursk?');
    expect(found.kind).toBe('no-figure');
    expect(found.text).toMatch(
      /^\*\*No figure\.\*\* Business-News-Today\.com gives no number of North Korean troops, and no statement in the store gives one\./,
    );
    expect(found.factIds).toContain('nk-apparent-support');
    expect(found.text).not.toMatch(/\d/);
  });

  it('gives a disputed claim with the answer contesting it, each dated and cited', async () => {
    const found = await lead('Did Russia retake Sudzha?');
    expect(found.kind).toBe('disputed');
    expect(found.clauses.slice(0, 2)).toEqual([
      {
        text: "**Russia's Defence Ministry** claims: Russian troops have fully secured the town of Sudzha (13 Mar 2025, date from other reporting).",
        factIds: ['mod-claims-sudzha'],
      },
      {
        text: "**Ukraine's military** has not officially confirmed the loss of Sudzha, Rubanshchina or Zaoleshenka, as of c. 17 Mar 2025.",
        factIds: ['ua-military-not-confirmed-losses'],
      },
    ]);
  });

  it('converts and compares units, keeping whose figure it is and that nobody checked it', async () => {
    const miles = await lead('Does the long Neptune have a range of 1,000 miles?');
    expect(miles.kind).toBe('no');
    expect(miles.text).toBe(
      "**No.** The announced striking range of the long Neptune is 1,000 km (621 mi), about three-fifths of 1,000 miles; Ukrainian President Volodymyr Zelenskyy's figure (announced, not independently verified).",
    );
    expect(miles.factIds).toEqual(['long-neptune-range']);
    expect((await lead('Can the long Neptune reach 1,500 km?')).text).toContain('two-thirds of 1,500 km');
    expect((await lead('can the long neptune hit targets 600 miles away')).kind).toBe('yes');
  });

  it('keeps a negation that held, then what came next', async () => {
    const found = await lead('Has Moscow officially confirmed North Korean soldiers in Kursk?');
    expect(found.kind).toBe('confirmed');
    expect(found.text).toContain(
      "**Russia's government** has not officially confirmed the presence of North Korean soldiers in Kursk region, as of c. 17 Mar 2025.",
    );
    expect(found.text).toContain("What came next: **Russia's military command** confirms for the first time");
  });

  it('says "only on conditions" when acceptance carries them', async () => {
    const found = await lead('Did Russia accept the truce?');
    expect(found.kind).toBe('conditional');
    expect(found.text).toContain('agrees in principle');
    expect(found.text).toContain('only conditionally');
  });

  it('says when the store holds the region, not the city, and names what it does not hold', async () => {
    const city = await lead('Is the city of Kursk under attack?');
    expect(city.kind).toBe('absent');
    expect(city.text).toContain('No statement mentions the city of Kursk; the store covers Kursk region.');
    expect((await lead('What does Syrskyi say about Kursk?')).text).toContain(
      "No statement mentions Oleksandr Syrskyi; the nearest speaker it has is Ukraine's military.",
    );
  });

  it('answers about the information itself', async () => {
    const current = await lead('How old is the information?');
    expect(current.kind).toBe('currency');
    expect(current.text).toContain('the store was last updated 28 Nov 2026');
    expect((await lead('Which sources does sitrep use?')).text).toMatch(
      /Business-News-Today\.com, c\. 17 Mar 2025 \(\d+ statements\)/,
    );
  });

  it("shows at most four statements, the lead's first, then how to see the related ones", async () => {
    const store = await bundledStore();
    const brief = buildAnswerBrief(store, 'Did Russia retake Sudzha?');
    expect(brief.answer.supporting[0]?.id).toBe('mod-claims-sudzha');
    expect(brief.answer.supporting.length).toBeLessThanOrEqual(4);
    const reply = askReply(store, 'Did Russia retake Sudzha?');
    const text = replyText(reply);
    expect(text).toContain('**Disputed.**');
    expect(text).toMatch(/\d+ more related statements?: `\/ask question:Did Russia retake Sudzha\? page:2`/);
    expectWithinDiscordLimits(reply);
    const more = askReply(store, 'Did Russia retake Sudzha?', 2);
    expect(more.embeds[0]?.title).toBe('More related statements');
    expect(replyText(more)).not.toContain('fully secured the town of Sudzha');
    expectWithinDiscordLimits(more);
  });

  it('answers nothing found privately', async () => {
    const reply = askReply(await bundledStore(), 'qqqq zzzz');
    expect(reply.ephemeral).toBe(true);
    expect(replyText(reply)).toContain('Nothing in the store matches');
  });
});

describe('/status lead', () => {
  it('opens with where things stand, attributed, and keeps the sections', async () => {
    const store = await bundledStore();
    const place = store.place('sudzha');
    if (!place) throw new Error('no Sudzha');
    const intro = String(buildStatusBrief(store, place).intro);
    expect(intro).toMatch(
      /^\*\*Where things stand in Sudzha\.\*\*\n\*\*Russia's Defence Ministry\*\* claims: /,
    );
    expect(intro).toContain("**Ukraine's military** has not officially confirmed the loss of Sudzha");
    expect(intro).toMatch(/\n\nSudzha \(town in Sudzha district, Kursk region, Russia\): \d+ statements/);
    for (const region of ['kursk', 'sumy', 'sudzha', 'belgorod', 'rubanshchina', 'russia', 'ukraine']) {
      const reply = statusReply(store, region);
      expect(reply.embeds[0]?.description?.startsWith('**Where things stand in'), region).toBe(true);
      expect(reply.embeds[0]?.description).toMatch(/\*\*(Claims and reports|Background)\*\*/);
      expectWithinDiscordLimits(reply);
    }
  });

  it('says where Kursk region stands: the claimed recapture and its dispute', async () => {
    const text = replyText(statusReply(await bundledStore(), 'kursk'));
    expect(text).toContain(
      "**Russia's military command** claims: The whole of Kursk region has been retaken from Ukrainian forces (26 Apr 2025).",
    );
    expect(text).toContain(
      "**Ukraine's military** disputes the claim that Russia has retaken the whole of Kursk region",
    );
  });
});
