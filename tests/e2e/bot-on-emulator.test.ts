// The real discord.js client, started by the production start-up code, against the local emulator.
import { REST } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/bot/register-commands.js';
import { type RunningBot, startBot } from '../../src/bot/start-bot.js';
import { systemClock } from '../../src/clock.js';
import type { Command, CommandContext } from '../../src/commands/command.js';
import { commands } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import { DiscordEmulator, type EmulatedGuild } from '../../src/emulator/discord-emulator.js';
import { createLogger } from '../../src/log.js';
import { button, buttonRows, withComponents } from '../../src/render/discord-components.js';
import { renderUserError } from '../../src/render/discord-embed.js';
import { PlaceMapCache } from '../../src/render/map/place-map.js';
import { bundledStore } from '../support/bundled-store.js';

const token = 'e2e.test-token.0123456789abcdef';

interface Harness {
  emulator: DiscordEmulator;
  bot: RunningBot;
  guilds: EmulatedGuild[];
  logLines: string[];
}

async function startHarness(
  commandSet: readonly Command[] = commands,
  deferAfterMs?: number,
): Promise<Harness> {
  const emulator = new DiscordEmulator({ token });
  await emulator.start();
  const guilds = [
    emulator.addGuild('Front watchers'),
    emulator.addGuild('Second guild'),
    emulator.addGuild('Third guild'),
  ];
  const logLines: string[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(line) },
    secrets: [token],
  });
  const config = { ...loadConfig({}), token, apiUrl: emulator.apiUrl };
  const context: CommandContext = {
    config,
    facts: await bundledStore(),
    log,
    clock: systemClock,
    maps: new PlaceMapCache(),
  };
  for (const guild of guilds) {
    await registerCommands(
      commandSet.map((command) => command.data),
      { token, apiUrl: emulator.apiUrl, guildId: guild.id },
    );
  }
  const bot = startBot(token, commandSet, context, deferAfterMs === undefined ? {} : { deferAfterMs });
  await bot.ready;
  return { emulator, bot, guilds, logLines };
}

describe('sitrep on the local Discord emulator', () => {
  let harness: Harness;
  afterEach(async () => {
    await harness?.bot.stop();
    await harness?.emulator.stop();
  });

  describe('with the real command set', () => {
    beforeEach(async () => {
      harness = await startHarness();
    });

    it('logs in, receives every guild and registers the command set', () => {
      expect(harness.bot.client.guilds.cache.size).toBe(3);
      const registered = harness.emulator.guildCommands
        .get(harness.guilds[0]?.id ?? '')
        ?.map((command) => command.name);
      expect(registered).toEqual(commands.map((command) => command.data.name));
      const identify = harness.emulator.requests.find((request) => request.path === '/gateway/bot');
      expect(identify?.status).toBe(200);
    });

    it('answers /status, /ceasefire and /ask through the real client', async () => {
      const { emulator, guilds } = harness;
      const guild = guilds[1] as EmulatedGuild;
      const channel = guild.channels[0]?.id as string;
      const status = await emulator.invokeCommand(guild.id, channel, 'status', { region: 'sudzha' });
      expect(status.status).toBe('message');
      if (status.status !== 'message') return;
      expect(JSON.stringify(status.message.embeds)).toContain(
        "Russia's Defence Ministry** claims: Russian troops have fully secured the town of Sudzha",
      );
      expect(status.ephemeral).toBe(false);

      const ceasefire = await emulator.invokeCommand(guild.id, channel, 'ceasefire', { party: 'russia' });
      expect(ceasefire.status === 'message' && JSON.stringify(ceasefire.message.embeds)).toContain(
        'Vladimir Putin',
      );

      const ask = await emulator.invokeCommand(guild.id, channel, 'ask', {
        question: 'how far can long neptune strike',
      });
      expect(ask.status === 'message' && JSON.stringify(ask.message.embeds)).toContain('1,000 km (621 mi)');

      const callbacks = emulator.requests.filter((request) => request.path.endsWith('/callback'));
      expect(
        callbacks.every(
          (request) => (request.body as { data: { allowed_mentions: unknown } }).data.allowed_mentions,
        ),
      ).toBe(true);
    });

    it('offers autocomplete choices from aliases', async () => {
      const { emulator, guilds } = harness;
      const guild = guilds[0] as EmulatedGuild;
      const outcome = await emulator.invokeAutocomplete(
        guild.id,
        guild.channels[0]?.id as string,
        'status',
        { region: 'Суд' },
        'region',
      );
      expect(outcome.status).toBe('autocomplete');
      if (outcome.status !== 'autocomplete') return;
      expect(outcome.choices[0]?.value).toBe('sudzha');
      expect(outcome.choices.length).toBeLessThanOrEqual(25);
    });

    it('answers an unknown region with an ephemeral suggestion', async () => {
      const { emulator, guilds } = harness;
      const guild = guilds[0] as EmulatedGuild;
      const outcome = await emulator.invokeCommand(guild.id, guild.channels[0]?.id as string, 'status', {
        region: 'Sumi',
      });
      expect(outcome.status).toBe('message');
      if (outcome.status !== 'message') return;
      expect(outcome.ephemeral).toBe(true);
      expect(outcome.message.content).toContain('Did you mean **Sumy region**');
    });

    it('resumes a dropped gateway without losing an interaction dispatched meanwhile', async () => {
      const { emulator, guilds, bot } = harness;
      const guild = guilds[0] as EmulatedGuild;
      const resumed = new Promise<void>((resolve) => bot.client.once('shardResume', () => resolve()));
      emulator.dropConnections(4000);
      const outcome = emulator.invokeCommand(guild.id, guild.channels[0]?.id as string, 'status', {
        region: 'kursk',
      });
      await resumed;
      const result = await outcome;
      expect(result.status).toBe('message');
      expect(emulator.requests.filter((request) => request.path === '/gateway/bot')).toHaveLength(1);
    });

    it('rejects an oversize embed the way Discord does (50035)', async () => {
      const { emulator, guilds } = harness;
      const rest = new REST({ api: emulator.apiUrl }).setToken(token);
      const channel = guilds[0]?.channels[0]?.id as string;
      await expect(
        rest.post(`/channels/${channel}/messages`, {
          body: { embeds: [{ title: 't', description: 'x'.repeat(4097) }] },
        }),
      ).rejects.toMatchObject({ code: 50035, status: 400 });
      await expect(
        rest.post(`/channels/${channel}/messages`, {
          body: { embeds: [{ description: 'x'.repeat(4000) }, { description: 'y'.repeat(2001) }] },
        }),
      ).rejects.toMatchObject({ code: 50035 });
    });

    it('never writes the token to the logs', () => {
      expect(harness.logLines.length).toBeGreaterThan(0);
      expect(harness.logLines.join('\n')).not.toContain(token);
    });
  });

  it('defers a handler that runs past the deadline, then edits the answer in', async () => {
    const slow: Command = {
      data: { name: 'slow', description: 'Takes its time' },
      examples: [],
      async execute() {
        await new Promise((resolve) => setTimeout(resolve, 400));
        return { ...renderUserError('done slowly'), ephemeral: false };
      },
    };
    harness = await startHarness([slow], 100);
    const guild = harness.guilds[0] as EmulatedGuild;
    const outcome = await harness.emulator.invokeCommand(guild.id, guild.channels[0]?.id as string, 'slow');
    expect(outcome).toMatchObject({ status: 'message', deferred: true, callbacks: [5] });
    expect(outcome.status === 'message' && outcome.message.content).toBe('done slowly');
  });

  it('lets a command answer buttons of its own, privately, and refuses ids nobody claims', async () => {
    const ownButton: Command = {
      data: { name: 'bell', description: 'Posts a bell' },
      examples: [],
      async execute() {
        return withComponents(
          { ...renderUserError('A bell'), ephemeral: false },
          buttonRows([button({ label: 'Ring', customId: 'bell:ring' })]),
        );
      },
      ownButtons: {
        claims: (customId) => customId === 'bell:ring',
        answer: async (_, userId) => renderUserError(`Rung for ${userId}`),
      },
    };
    harness = await startHarness([ownButton]);
    const guild = harness.guilds[0] as EmulatedGuild;
    const channel = guild.channels[0]?.id as string;
    const posted = await harness.emulator.invokeCommand(guild.id, channel, 'bell');
    if (posted.status !== 'message') throw new Error('no bell');
    const rung = await harness.emulator.invokeComponent(guild.id, channel, posted.message.id, 'bell:ring', {
      userId: '300000000000000009',
    });
    expect(rung).toMatchObject({ status: 'message', ephemeral: true, callbacks: [4] });
    expect(rung.status === 'message' && rung.message.content).toBe('Rung for 300000000000000009');
    const forged = await harness.emulator.invokeComponent(guild.id, channel, posted.message.id, 'bell:ring', {
      rewrite: (payload) => ({ ...payload, data: { ...(payload.data as object), custom_id: 'bell:wrong' } }),
    });
    expect(forged.status === 'message' && forged.message.content).toContain('not one sitrep made');
  });

  it('turns a handler crash into an ephemeral apology and keeps running', async () => {
    const broken: Command = {
      data: { name: 'broken', description: 'Throws' },
      examples: [],
      async execute() {
        throw new Error('boom');
      },
    };
    harness = await startHarness([broken, ...commands]);
    const guild = harness.guilds[0] as EmulatedGuild;
    const channel = guild.channels[0]?.id as string;
    const outcome = await harness.emulator.invokeCommand(guild.id, channel, 'broken');
    expect(outcome).toMatchObject({ status: 'message', ephemeral: true });
    expect(outcome.status === 'message' && outcome.message.content).toContain('Something went wrong');
    expect((await harness.emulator.invokeCommand(guild.id, channel, 'sources')).status).toBe('message');
    expect(harness.logLines.some((line) => line.includes('command failed') && line.includes('boom'))).toBe(
      true,
    );
  });
});
