import { describe, expect, it } from 'vitest';
import { askReply } from '../src/commands/ask.js';
import { ceasefireReply } from '../src/commands/ceasefire.js';
import { helpReply } from '../src/commands/help.js';
import { commands } from '../src/commands/index.js';
import { sourcesReply } from '../src/commands/sources.js';
import { statusReply } from '../src/commands/status.js';
import { timelineReply } from '../src/commands/timeline.js';
import { topicReply } from '../src/commands/topic.js';
import { whoReply } from '../src/commands/who.js';
import { bundledStore } from './support/bundled-store.js';
import { expectWithinDiscordLimits, replyText } from './support/embed-limits.js';

describe('house style on real store data', () => {
  it('/status sudzha shows the recapture as the Defence Ministry claim, not confirmed by Ukraine', async () => {
    const reply = statusReply(await bundledStore(), 'sudzha');
    const text = replyText(reply);
    expect(text).toContain(
      "**Russia's Defence Ministry** claims: Russian troops have fully secured the town of Sudzha.",
    );
    expect(text).toContain("**Ukraine's military** has not officially confirmed the loss of Sudzha");
    expect(text).toMatch(/13 Mar 2025, date from other reporting \[\d+\]\[\d+\]/);
    expect(text).toContain('The Moscow Times, 13 Mar 2025');
    expect(reply.ephemeral).toBe(false);
    expectWithinDiscordLimits(reply);
  });

  it('attributes the 300+ evacuated to the Emergencies Ministry, keeping the qualifier', async () => {
    const text = replyText(statusReply(await bundledStore(), 'Sudzha'));
    expect(text).toContain(
      "**Russia's Emergencies Ministry** reports: More than 300 residents have been evacuated",
    );
  });

  it('/ask gives the long Neptune range in km with miles', async () => {
    const reply = askReply(await bundledStore(), 'how far can the long neptune strike');
    expect(replyText(reply)).toContain('1,000 km (621 mi)');
    expectWithinDiscordLimits(reply);
  });

  it('says how current the information is', async () => {
    const reply = statusReply(await bundledStore(), 'sudzha');
    expect(reply.embeds[0]?.footer?.text).toMatch(
      /^Information as of c\. 17 Mar 2025 · facts updated 28 Nov 2026/,
    );
  });

  it('/ceasefire gives each party its own attributed position', async () => {
    const reply = ceasefireReply(await bundledStore());
    const description = reply.embeds[0]?.description ?? '';
    for (const heading of ['**United States**', '**Ukraine**', '**Russia**', '**The UK and Europe**']) {
      expect(description).toContain(heading);
    }
    expect(description).toContain('**US President Donald Trump** proposed a 30-day ceasefire');
    expect(description).toContain(
      "**Russian President Vladimir Putin** says, in Business-News-Today.com's paraphrase: Russia supports the idea of a 30-day ceasefire only conditionally",
    );
    expectWithinDiscordLimits(reply);
  });

  it('/ceasefire party: narrows to one party and accepts its label', async () => {
    const store = await bundledStore();
    const reply = ceasefireReply(store, 'Russia');
    expect(reply.embeds[0]?.title).toBe('Ceasefire diplomacy: Russia');
    expect(reply.embeds[0]?.description).not.toContain('Trump');
    expect(ceasefireReply(store, 'narnia').ephemeral).toBe(true);
  });

  it('keeps a later confirmation beside the earlier non-confirmation', async () => {
    const text = replyText(topicReply(await bundledStore(), 'north korea'));
    expect(text).toContain(
      "**Russia's government** has not officially confirmed the presence of North Korean soldiers in Kursk region, as of c. 17 Mar 2025.",
    );
    expect(text).toContain(
      "**Russia's military command** confirms for the first time that North Korean troops fought",
    );
  });

  it('/who lists what one actor asserts', async () => {
    const reply = whoReply(await bundledStore(), 'zelensky');
    expect(reply.embeds[0]?.title).toBe('Who says what: Ukrainian President Volodymyr Zelenskyy');
    expect(replyText(reply)).toContain('denies reports that Ukrainian troops are encircled in Kursk region');
  });

  it('/timeline marks which dates come from other reporting', async () => {
    const reply = timelineReply(await bundledStore(), 'sudzha');
    const text = replyText(reply);
    expect(text).toContain('**13 Mar 2025**');
    expect(text).toContain('date from other reporting');
    expectWithinDiscordLimits(reply);
  });

  it('every command answers within Discord limits and pings nobody', async () => {
    const store = await bundledStore();
    const replies = [
      statusReply(store, 'kursk'),
      statusReply(store, 'kursk', 2),
      statusReply(store, 'russia'),
      ceasefireReply(store),
      topicReply(store, 'territorial control'),
      whoReply(store, 'Business-News-Today.com'),
      timelineReply(store),
      askReply(store, 'north korean troops'),
      sourcesReply(store),
      helpReply(commands),
    ];
    for (const reply of replies) expectWithinDiscordLimits(reply);
  });
});

describe('unknown input', () => {
  it('answers an unknown region ephemerally with the closest suggestions', async () => {
    const reply = statusReply(await bundledStore(), 'sudzah town');
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("I don't know a place called `sudzah town`.");
    expect(reply.content).toContain('Did you mean **Sudzha**');
  });

  it('never echoes user text as a mention or markdown', async () => {
    const reply = statusReply(await bundledStore(), '@everyone <@&123456789012345678> `code` **bold**');
    expect(reply.content).toMatch(/`@everyone <@&123456789012345678> 'code' \*\*bold\*\*`/);
    expect(reply.allowedMentions).toEqual({ parse: [] });
  });

  it('answers an empty or unmatched question helpfully and privately', async () => {
    const store = await bundledStore();
    expect(askReply(store, '   ').ephemeral).toBe(true);
    const none = askReply(store, 'qqqq zzzz');
    expect(none.ephemeral).toBe(true);
    expect(replyText(none)).toContain('Nothing in the store matches');
  });

  it('says when a page is past the end', async () => {
    const reply = statusReply(await bundledStore(), 'kursk', 50);
    expect(reply.embeds[0]?.description).toContain('There are only 3 pages; showing the last.');
  });

  it('lists every registered command in /help', () => {
    const text = replyText(helpReply(commands));
    for (const command of commands) expect(text).toContain(`**/${command.data.name}**`);
  });
});
