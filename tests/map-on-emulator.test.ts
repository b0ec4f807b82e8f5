// The /status map end to end: the real bot on the local Discord emulator uploads map.png with its
// answer (multipart, as discord.js sends files), the emulator checks the upload and keeps the file,
// and the embed shows it. A second ask is served from the cache; a failing renderer leaves the text.
import { SlashCommandBuilder } from 'discord.js';
import { decode } from 'fast-png';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerCommands } from '../src/bot/register-commands.js';
import { type RunningBot, startBot } from '../src/bot/start-bot.js';
import { systemClock } from '../src/clock.js';
import type { Command, CommandContext } from '../src/commands/command.js';
import { commands } from '../src/commands/index.js';
import { mapFileName } from '../src/commands/status.js';
import { loadConfig } from '../src/config.js';
import {
  DiscordEmulator,
  type EmulatedGuild,
  type InteractionOutcome,
} from '../src/emulator/discord-emulator.js';
import { createLogger } from '../src/log.js';
import { mapCaption, mapCaptionIn } from '../src/render/map/map-legend.js';
import { PlaceMapCache } from '../src/render/map/place-map.js';
import { bundledStore } from './support/bundled-store.js';

const token = 'e2e.map-test-token.0123456789abcdef';

interface Harness {
  emulator: DiscordEmulator;
  bot: RunningBot;
  guild: EmulatedGuild;
  channel: string;
  logLines: string[];
  maps: PlaceMapCache;
}

async function startHarness(
  commandSet: readonly Command[] = commands,
  deferAfterMs?: number,
): Promise<Harness> {
  const emulator = new DiscordEmulator({ token });
  await emulator.start();
  const guild = emulator.addGuild('Map watchers');
  const logLines: string[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(line) },
    secrets: [token],
  });
  const config = { ...loadConfig({}), token, apiUrl: emulator.apiUrl };
  const maps = new PlaceMapCache();
  const context: CommandContext = {
    config,
    facts: await bundledStore(),
    log,
    clock: systemClock,
    maps,
  };
  await registerCommands(
    commandSet.map((command) => command.data),
    { token, apiUrl: emulator.apiUrl, guildId: guild.id },
  );
  const bot = startBot(token, commandSet, context, deferAfterMs === undefined ? {} : { deferAfterMs });
  await bot.ready;
  return { emulator, bot, guild, channel: guild.channels[0]?.id as string, logLines, maps };
}

function messageOf(outcome: InteractionOutcome) {
  if (outcome.status !== 'message') throw new Error(`expected a message, got ${JSON.stringify(outcome)}`);
  return outcome.message;
}

describe('/status with a map, on the emulator', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await harness?.bot.stop();
    await harness?.emulator.stop();
    harness = undefined;
  });

  it('arrives with map.png attached, the embed showing it, and is not redrawn when asked again', async () => {
    harness = await startHarness();
    const { emulator, guild, channel } = harness;
    const drawsBefore = harness.maps.draws;
    const first = messageOf(await emulator.invokeCommand(guild.id, channel, 'status', { region: 'sudzha' }));
    const [attachment] = first.attachments;
    expect(attachment).toMatchObject({
      filename: mapFileName,
      content_type: 'image/png',
      width: 1200,
      height: 800,
    });
    expect(attachment?.description).toContain(mapCaption);
    const embed = first.embeds[0] as { image?: { url?: string }; description?: string };
    expect(embed.image?.url).toBe(attachment?.url);
    expect(embed.description).toContain('Russian troops have fully secured the town of Sudzha');

    const png = emulator.attachmentData(attachment?.id ?? '');
    expect(png?.length).toBe(attachment?.size);
    const image = decode(png as Buffer);
    expect([image.width, image.height]).toEqual([1200, 800]);
    expect(png?.length).toBeLessThan(300 * 1024);

    const upload = emulator.requests.find((request) => request.path.endsWith('/callback') && request.files);
    expect(upload?.files).toEqual([
      expect.objectContaining({ field: 'files[0]', filename: mapFileName, contentType: 'image/png' }),
    ]);

    const hitsBefore = harness.maps.hits;
    const second = messageOf(await emulator.invokeCommand(guild.id, channel, 'status', { region: 'sudzha' }));
    expect(second.attachments[0]?.filename).toBe(mapFileName);
    expect(harness.maps.draws - drawsBefore).toBeLessThanOrEqual(1);
    expect(harness.maps.hits).toBe(hitsBefore + 1);
  });

  it('arrives in Ukrainian for a Ukrainian client, its map and alt text in Ukrainian, kept apart from the English map', async () => {
    harness = await startHarness();
    const { emulator, guild, channel } = harness;
    const drawsBefore = harness.maps.draws;
    const ukrainian = messageOf(
      await emulator.invokeCommand(guild.id, channel, 'status', { region: 'Суджа' }, { locale: 'uk' }),
    );
    const [attachment] = ukrainian.attachments;
    expect(attachment?.filename).toBe(mapFileName);
    expect(attachment?.description?.startsWith('Мапа: Суджа та околиці.')).toBe(true);
    expect(attachment?.description).toContain('офіційно не підтверджено');
    expect(attachment?.description?.endsWith(mapCaptionIn('uk'))).toBe(true);
    expect(attachment?.description).not.toContain(mapCaption);

    const english = messageOf(
      await emulator.invokeCommand(guild.id, channel, 'status', { region: 'sudzha' }),
    );
    expect(english.attachments[0]?.description?.startsWith('Map of Sudzha and its surroundings.')).toBe(true);
    expect(harness.maps.draws - drawsBefore).toBe(2);
    const hitsBefore = harness.maps.hits;
    const again = messageOf(
      await emulator.invokeCommand(guild.id, channel, 'status', { region: 'Суджа' }, { locale: 'uk' }),
    );
    expect(again.attachments[0]?.description).toBe(attachment?.description);
    expect(harness.maps.hits).toBe(hitsBefore + 1);
  });

  it('answers with the text intact when the renderer fails', async () => {
    harness = await startHarness();
    const { emulator, guild, channel, logLines } = harness;
    vi.spyOn(harness.maps, 'mapOf').mockRejectedValue(new Error('renderer exploded'));
    const outcome = await emulator.invokeCommand(guild.id, channel, 'status', { region: 'sudzha' });
    const message = messageOf(outcome);
    expect(message.attachments).toEqual([]);
    expect(JSON.stringify(message.embeds)).toContain('Russian troops have fully secured the town of Sudzha');
    expect(JSON.stringify(message.embeds)).not.toContain('attachment://');
    expect(logLines.join('\n')).toContain('map drawing failed: answering without it');
  });

  it('defers when the map is slow, then edits the answer in with the map attached', async () => {
    harness = await startHarness(commands, 30);
    const { emulator, guild, channel } = harness;
    const real = harness.maps.mapOf.bind(harness.maps);
    vi.spyOn(harness.maps, 'mapOf').mockImplementation(async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return real(...args);
    });
    const outcome = await emulator.invokeCommand(guild.id, channel, 'status', { region: 'kursk' });
    expect(outcome.status === 'message' && outcome.deferred).toBe(true);
    const message = messageOf(outcome);
    expect(message.attachments[0]?.filename).toBe(mapFileName);
    expect((message.embeds[0] as { image?: { url?: string } }).image?.url).toBe(message.attachments[0]?.url);
    const edit = emulator.requests.find((request) => request.method === 'PATCH' && request.files);
    expect(edit?.files?.[0]?.filename).toBe(mapFileName);
  });
});

describe('the emulator checks uploads as Discord does', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.bot.stop();
    await harness?.emulator.stop();
    harness = undefined;
  });

  /** A command that answers with one file of the given size and alt text. */
  const uploadCommand = (size: number, description: string): Command => ({
    data: new SlashCommandBuilder().setName('upload').setDescription('Sends a file').toJSON(),
    examples: [],
    async execute() {
      return {
        embeds: [{ title: 'A file', image: { url: 'attachment://file.png' } }],
        allowedMentions: { parse: [] },
        ephemeral: false,
        files: [{ name: 'file.png', data: new Uint8Array(size), description }],
      };
    },
  });

  it('refuses an attachment description over 1024 characters', async () => {
    harness = await startHarness([uploadCommand(10, 'x'.repeat(1025))]);
    const outcome = await harness.emulator.invokeCommand(harness.guild.id, harness.channel, 'upload', {});
    expect(outcome.status).toBe('rejected');
    expect(JSON.stringify(outcome.status === 'rejected' && outcome.error)).toContain('BASE_TYPE_MAX_LENGTH');
  });

  it('refuses an upload over the 10 MiB limit with 413', async () => {
    harness = await startHarness([uploadCommand(10 * 1024 * 1024 + 1, 'big')]);
    await harness.emulator.invokeCommand(
      harness.guild.id,
      harness.channel,
      'upload',
      {},
      { timeoutMs: 3000 },
    );
    const upload = harness.emulator.requests.find((request) => request.path.endsWith('/callback'));
    expect(upload?.status).toBe(413);
  });

  it('keeps a file that is not a PNG without image dimensions', async () => {
    harness = await startHarness([uploadCommand(64, 'not a png')]);
    const message = messageOf(
      await harness.emulator.invokeCommand(harness.guild.id, harness.channel, 'upload', {}),
    );
    expect(message.attachments[0]).toMatchObject({
      filename: 'file.png',
      size: 64,
      description: 'not a png',
    });
    expect(message.attachments[0]?.width).toBeUndefined();
    expect(harness.emulator.attachmentData(message.attachments[0]?.id ?? '')?.length).toBe(64);
  });
});
