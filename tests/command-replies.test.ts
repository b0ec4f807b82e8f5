import { ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { askReply } from '../src/commands/ask.js';
import { ceasefireReply } from '../src/commands/ceasefire.js';
import {
  checkMessageCommandName,
  checkMessageReply,
  type MessageToCheck,
  maxCheckedLength,
  textToCheck,
} from '../src/commands/check-message.js';
import { isSlashCommand } from '../src/commands/command.js';
import { pickedView } from '../src/commands/custom-ids.js';
import { factsVersion } from '../src/commands/facts-version.js';
import { helpReply } from '../src/commands/help.js';
import { commands } from '../src/commands/index.js';
import { sourcesReply } from '../src/commands/sources.js';
import { statusReply } from '../src/commands/status.js';
import { timelineReply } from '../src/commands/timeline.js';
import { topicReply } from '../src/commands/topic.js';
import { replyForView } from '../src/commands/views.js';
import { whoReply } from '../src/commands/who.js';
import { FactStore } from '../src/data/fact-store.js';
import { createLogger } from '../src/log.js';
import type { ReplyPayload } from '../src/render/discord-embed.js';
import { DiscordLimits } from '../src/render/discord-limits.js';
import { PlaceMapCache } from '../src/render/map/place-map.js';
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

  it('lists every registered command in /help, and where sitrep works', () => {
    const text = replyText(helpReply(commands));
    for (const command of commands) {
      expect(text).toContain(
        isSlashCommand(command) ? `**/${command.data.name}**` : `**${command.data.name}**`,
      );
    }
    expect(text).toContain('(in a server only)');
    expect(text).toContain(
      'Where a server does not allow external apps, Discord shows sitrep’s answers only to you.',
    );
  });
});

describe('where each command can be used', () => {
  it('offers the query commands in servers, DMs and group DMs, to server and user installs', () => {
    const byName = new Map(commands.map((command) => [command.data.name, command.data]));
    for (const name of [
      'status',
      'ceasefire',
      'topic',
      'who',
      'timeline',
      'ask',
      'sources',
      'help',
      checkMessageCommandName,
    ]) {
      expect(byName.get(name), name).toMatchObject({ integration_types: [0, 1], contexts: [0, 1, 2] });
    }
    expect(byName.get('digest')).toMatchObject({ integration_types: [0], contexts: [0] });
    expect(byName.get(checkMessageCommandName)).toMatchObject({ type: 3 });
    expect(checkMessageCommandName.length).toBeLessThanOrEqual(DiscordLimits.commandName);
  });
});

/** Every custom_id under a reply, row by row. */
const idsOf = (reply: ReplyPayload) =>
  (reply.components ?? []).map((row) =>
    row.components.map((component) => ('custom_id' in component ? component.custom_id : '')),
  );
const buttonsOf = (reply: ReplyPayload) =>
  (reply.components ?? []).flatMap((row) =>
    row.components.flatMap((component) =>
      component.type === ComponentType.Button && 'custom_id' in component
        ? [{ label: component.label, id: component.custom_id, disabled: component.disabled === true }]
        : [],
    ),
  );
const menuOf = (reply: ReplyPayload) => {
  for (const row of reply.components ?? [])
    for (const component of row.components)
      if (component.type === ComponentType.StringSelect) return component;
  return undefined;
};

describe('buttons and menus under answers', () => {
  it('/status of a region: a menu of the places inside it, Previous and Next, Timeline and Sources', async () => {
    const store = await bundledStore();
    const version = factsVersion(store);
    const reply = statusReply(store, 'kursk');
    expect(reply.embeds[0]?.footer?.text).toContain('page 1 of 3');
    expect(buttonsOf(reply)).toEqual([
      { label: '◀ Previous', id: `v1:${version}:status:1:kursk-region`, disabled: true },
      { label: 'Next ▶', id: `v1:${version}:status:2:kursk-region`, disabled: false },
      { label: 'Timeline', id: `v1:${version}:timeline:1:kursk-region`, disabled: false },
      { label: 'Sources', id: `v1:${version}:sources:1:kursk-region`, disabled: false },
    ]);
    const menu = menuOf(reply);
    expect(menu?.custom_id).toBe(`v1:${version}:pick`);
    expect(menu?.options.map((option) => option.label)).toEqual([
      'Sudzha district',
      'Rubanshchina (in Sudzha district)',
      'Sudzha (in Sudzha district)',
      'Zaoleshenka (in Sudzha district)',
      '↑ Russia',
    ]);
    const last = statusReply(store, 'kursk', 3);
    expect(last.embeds[0]?.footer?.text).toContain('page 3 of 3');
    expect(buttonsOf(last).find((button) => button.label === 'Next ▶')?.disabled).toBe(true);
    expectWithinDiscordLimits(reply);
  });

  it('drills down from Kursk region to Sudzha district to Sudzha by the menu', async () => {
    const store = await bundledStore();
    const context = {
      facts: store,
      log: createLogger({ level: 'silent' }),
      maps: new PlaceMapCache(),
    } as never;
    const pick = async (reply: ReplyPayload, label: string) => {
      const option = menuOf(reply)?.options.find((candidate) => candidate.label.startsWith(label));
      const view = pickedView([option?.value ?? '']);
      if (!view.ok) throw new Error(view.reason);
      return replyForView(view.value, context);
    };
    const district = await pick(statusReply(store, 'kursk'), 'Sudzha district');
    expect(district.embeds[0]?.title).toBe('Situation: Sudzha district');
    const town = await pick(district, 'Sudzha');
    expect(town.embeds[0]?.title).toBe('Situation: Sudzha');
    expect(menuOf(town)?.placeholder).toBe('Places containing Sudzha: pick one to go up');
    expect(menuOf(town)?.options[0]?.label).toBe('↑ Sudzha district');
  });

  it('offers at most 25 places in the menu of a region with more', () => {
    const villages = Array.from({ length: 40 }, (_, index) => ({
      id: `village-${index}`,
      name: `Village ${String(index).padStart(2, '0')}`,
      aliases: [],
      kind: 'village' as const,
      country: 'RU',
      parent: 'region',
    }));
    const store = new FactStore({
      places: [{ id: 'region', name: 'Region', aliases: [], kind: 'region', country: 'RU' }, ...villages],
      actors: [],
      topics: [],
      sources: [],
      facts: [],
    });
    const menu = menuOf(statusReply(store, 'region'));
    expect(menu?.options).toHaveLength(DiscordLimits.selectMenuOptions);
    expect(menu?.options[0]?.label).toBe('Village 00');
  });

  it('/timeline, /sources, /topic and /who page by buttons and link onward', async () => {
    const store = await bundledStore();
    const version = factsVersion(store);
    expect(idsOf(timelineReply(store))).toEqual([[`v1:${version}:timeline:1:`, `v1:${version}:timeline:2:`]]);
    expect(buttonsOf(timelineReply(store, 'sudzha')).map((button) => button.label)).toEqual([
      'Situation',
      'Sources',
    ]);
    expect(buttonsOf(sourcesReply(store, 1, 'sudzha')).map((button) => button.label)).toEqual([
      'Situation',
      'Timeline',
    ]);
    expect(replyText(sourcesReply(store, 1, 'sudzha'))).toContain('Sources: Sudzha');
    const topicMenu = menuOf(topicReply(store, 'north korea'));
    expect(topicMenu?.options.map((option) => option.value)).toContain('actor:ru-military-command');
    const whoMenu = menuOf(whoReply(store, 'ru-defence-ministry'));
    expect(whoMenu?.options.map((option) => option.value)).toContain('place:sudzha');
  });

  it('/ask: More related when the answer left statements out, then pages of them', async () => {
    const store = await bundledStore();
    const version = factsVersion(store);
    const question = 'how many north korean troops are in kursk';
    const answer = askReply(store, question);
    expect(buttonsOf(answer)).toEqual([
      { label: 'More related (15)', id: `v1:${version}:ask:2:${question}`, disabled: false },
    ]);
    const related = askReply(store, question, 2);
    expect(related.embeds[0]?.footer?.text).toContain('page 2 of 2');
    expect(buttonsOf(related).map((button) => [button.label, button.disabled])).toEqual([
      ['◀ Previous', false],
      ['Next ▶', true],
    ]);
    expect(buttonsOf(askReply(store, 'how far can the long neptune strike')).map((b) => b.label)).toEqual([
      'More related (5)',
    ]);
    expect(askReply(store, 'qqqq zzzz').components).toBeUndefined();
    const long = `${'why '.repeat(30)}sudzha`;
    expect(askReply(store, long).components).toBeUndefined();
  });
});

describe('"Check claims with sitrep" on a message', () => {
  const check = async (message: Partial<MessageToCheck>) =>
    checkMessageReply(await bundledStore(), { content: '', embeds: [], attachments: 0, ...message });

  it('answers a claim about Sudzha with the Defence Ministry’s claim and Ukraine’s answer, privately', async () => {
    const reply = await check({
      content: 'Russia says its troops have fully retaken Sudzha!! <@123456789012345678>',
    });
    expect(reply.ephemeral).toBe(true);
    const text = replyText(reply);
    expect(text).toContain(
      "**Russia's Defence Ministry** claims: Russian troops have fully secured the town of Sudzha.",
    );
    expect(text).toContain("**Ukraine's military** has not officially confirmed the loss of Sudzha");
    expect(text).not.toContain('<@123456789012345678>');
    expectWithinDiscordLimits(reply);
  });

  it('says when sitrep holds nothing on it, without ruling on the message', async () => {
    const reply = await check({ content: 'The bakery on Main Street sells the best croissants' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds[0]?.title).toBe('sitrep holds nothing on this');
    expect(replyText(reply)).toContain('neither confirms nor refutes');
  });

  it('has nothing to check in an image, a bare link or an empty message', async () => {
    expect((await check({ attachments: 1 })).content).toContain('only an image or a file');
    const link = await check({
      content: 'https://example.com/sudzha-retaken',
      embeds: [{ type: 'article', title: 'Sudzha retaken', description: 'Russia says it took Sudzha' }],
    });
    expect(link.content).toContain('only a link');
    expect((await check({ content: '<:flag:123456789012345678> <@123>' })).content).toBe(
      'That message has no words to check.',
    );
  });

  it('reads the text of a bot’s embed, and cuts a long message to a paragraph', async () => {
    const embedded = await check({
      embeds: [{ type: 'rich', title: 'Breaking', description: 'Sudzha retaken by Russia' }],
    });
    expect(replyText(embedded)).toContain('Russian troops have fully secured the town of Sudzha');
    const long = textToCheck({ content: `Sudzha ${'word '.repeat(400)}`, embeds: [], attachments: 0 });
    expect(long.ok && long.cut).toBe(true);
    expect(long.ok && long.text.length).toBeLessThanOrEqual(maxCheckedLength);
    const reply = await check({ content: `Sudzha was retaken. ${'More words follow here. '.repeat(200)}` });
    expect(replyText(reply)).toContain(`(the first ${maxCheckedLength} characters)`);
    expectWithinDiscordLimits(reply);
  });
});
