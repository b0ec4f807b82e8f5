// The emulator behaves like Discord where bots get it wrong: rate limits, multipart bodies, faults.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  ChannelType,
  type Client,
  Events,
  MessageFlags,
  PermissionFlagsBits,
  REST,
  Routes,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordClient } from '../../src/bot/discord-client.js';
import { registerCommands } from '../../src/bot/register-commands.js';
import { type RunningBot, startBot } from '../../src/bot/start-bot.js';
import { systemClock } from '../../src/clock.js';
import { commands } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import { DiscordEmulator } from '../../src/emulator/discord-emulator.js';
import { createLogger } from '../../src/log.js';
import { PlaceMapCache } from '../../src/render/map/place-map.js';
import { eventually } from '../support/bot-harness.js';
import { bundledStore } from '../support/bundled-store.js';

const token = 'emulator.test-token.0123456789abcdef';
const root = fileURLToPath(new URL('../..', import.meta.url));

let emulator: DiscordEmulator;
let bot: RunningBot | undefined;
let client: Client | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await client?.destroy();
  client = undefined;
  await emulator.stop();
});

async function startEmulator(options: ConstructorParameters<typeof DiscordEmulator>[0] = {}) {
  emulator = new DiscordEmulator({ token, ...options });
  await emulator.start();
  const guild = emulator.addGuild('Guild', [{ name: 'general' }, { name: 'other' }]);
  return { guild, channel: emulator.channelByName(guild.id, 'general') };
}

describe('bodies', () => {
  it('answers an empty or unparsable body as Discord does, with 400, and keeps serving', async () => {
    const { channel, guild } = await startEmulator();
    const send = (path: string, body: string) =>
      fetch(`${emulator.apiUrl}/v10${path}`, {
        method: 'POST',
        headers: { authorization: `Bot ${token}`, 'content-type': 'application/json' },
        body,
      });
    const empty = await send(`/channels/${channel.id}/messages`, '');
    expect(empty.status).toBe(400);
    expect(JSON.stringify(await empty.json())).toContain('Cannot send an empty message');
    expect((await send(`/channels/${channel.id}/messages`, 'not json')).status).toBe(400);
    expect((await send(`/guilds/${guild.id}/channels`, '')).status).toBeLessThan(500);
    expect((await send(`/channels/${channel.id}/messages`, '{"content":"still here"}')).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('paces discord.js by its headers: a burst over the route limit lands without a single 429', async () => {
    const { channel } = await startEmulator({ rateLimits: { routeLimit: 3, routeWindowMs: 300 } });
    const rest = new REST({ api: emulator.apiUrl }).setToken(token);
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        rest.post(`/channels/${channel.id}/messages`, { body: { content: `message ${index}` } }),
      ),
    );
    expect(emulator.messages.get(channel.id)?.length).toBe(8);
    expect(emulator.rateLimiter.rejected).toEqual({ user: 0, global: 0 });
  });

  it('answers a client that ignores the headers with 429, Retry-After and the bucket scope', async () => {
    const { channel } = await startEmulator({ rateLimits: { routeLimit: 2, routeWindowMs: 5000 } });
    const post = () =>
      fetch(`${emulator.apiUrl}/v10/channels/${channel.id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bot ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'hi' }),
      });
    const statuses = [];
    for (let index = 0; index < 3; index++) statuses.push(await post());
    expect(statuses.map((response) => response.status)).toEqual([200, 200, 429]);
    const limited = statuses[2] as Response;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await limited.json()).toMatchObject({ message: 'You are being rate limited.', global: false });
  });

  it('enforces the global limit across routes', async () => {
    const { guild } = await startEmulator({ rateLimits: { globalPerSecond: 5, routeLimit: 100 } });
    const responses = await Promise.all(
      guild.channels.flatMap((channel) =>
        Array.from({ length: 4 }, () =>
          fetch(`${emulator.apiUrl}/v10/channels/${channel.id}`, {
            headers: { authorization: `Bot ${token}` },
          }),
        ),
      ),
    );
    const limited = responses.filter((response) => response.status === 429);
    expect(limited.length).toBe(3);
    expect(limited[0]?.headers.get('x-ratelimit-scope')).toBe('global');
    expect(limited[0]?.headers.get('x-ratelimit-global')).toBe('true');
  });
});

describe('payloads and faults', () => {
  it('reads multipart bodies from their payload_json part', async () => {
    const { channel } = await startEmulator();
    const rest = new REST({ api: emulator.apiUrl }).setToken(token);
    await rest.post(`/channels/${channel.id}/messages`, {
      body: { content: 'with a file' },
      files: [{ name: 'note.txt', data: Buffer.from('attached') }],
    });
    const request = emulator.requests.find((candidate) => candidate.path.endsWith('/messages'));
    expect(request?.body).toMatchObject({ content: 'with a file' });
    expect(emulator.messages.get(channel.id)?.[0]?.content).toBe('with a file');
  });

  it('answers deleted channels and revoked permissions with Discord codes', async () => {
    const { guild, channel } = await startEmulator();
    const rest = new REST({ api: emulator.apiUrl }).setToken(token);
    const other = emulator.channelByName(guild.id, 'other');
    emulator.revokePermission(other.id, 1n << 11n); // Send Messages
    await expect(
      rest.post(`/channels/${other.id}/messages`, { body: { content: 'x' } }),
    ).rejects.toMatchObject({ code: 50013 });
    emulator.revokePermission(other.id, 1n << 10n); // View Channel
    await expect(
      rest.post(`/channels/${other.id}/messages`, { body: { content: 'x' } }),
    ).rejects.toMatchObject({ code: 50001 });
    emulator.deleteChannel(channel.id);
    await expect(
      rest.post(`/channels/${channel.id}/messages`, { body: { content: 'x' } }),
    ).rejects.toMatchObject({ code: 10003 });
  });

  it('recovers from a burst of 5xx through discord.js retries', async () => {
    const { channel } = await startEmulator();
    const rest = new REST({ api: emulator.apiUrl, retries: 3 }).setToken(token);
    emulator.failNext(502, { count: 2, pathIncludes: '/messages' });
    await rest.post(`/channels/${channel.id}/messages`, { body: { content: 'after the storm' } });
    const attempts = emulator.requests
      .filter((request) => request.path.endsWith('/messages'))
      .map((r) => r.status);
    expect(attempts).toEqual([502, 502, 200]);
  });

  it('refuses a wrong token on REST and the gateway', async () => {
    await startEmulator();
    const rest = new REST({ api: emulator.apiUrl }).setToken('not-the-token');
    await expect(rest.get('/users/@me')).rejects.toMatchObject({ status: 401 });
  });

  it('replaces a zombie connection when heartbeats go unacknowledged, then answers again', async () => {
    const { guild, channel } = await startEmulator({ heartbeatIntervalMs: 300 });
    const log = createLogger({ level: 'silent' });
    const config = { ...loadConfig({}), token, apiUrl: emulator.apiUrl };
    await registerCommands(
      commands.map((command) => command.data),
      { token, apiUrl: emulator.apiUrl, guildId: guild.id },
    );
    bot = startBot(token, commands, {
      config,
      facts: await bundledStore(),
      log,
      clock: systemClock,
      maps: new PlaceMapCache(),
    });
    await bot.ready;
    const running = bot;
    const reconnecting = new Promise<void>((resolve) =>
      running.client.once('shardReconnecting', () => resolve()),
    );
    const resumed = new Promise<void>((resolve) => running.client.once('shardResume', () => resolve()));
    emulator.setHeartbeatAcks(false);
    await reconnecting;
    emulator.setHeartbeatAcks(true);
    await resumed;
    const outcome = await emulator.invokeCommand(guild.id, channel.id, 'sources');
    expect(outcome.status).toBe('message');
  });
});

describe('npm run deploy-commands', () => {
  it('registers the command set in a guild, reading the application id from the token', async () => {
    const { guild } = await startEmulator();
    const output = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/deploy-commands.ts'], {
          cwd: root,
          env: {
            ...process.env,
            DISCORD_TOKEN: token,
            DISCORD_API_URL: emulator.apiUrl,
            DISCORD_GUILD_ID: guild.id,
            DISCORD_APPLICATION_ID: '',
          },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
        });
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      },
    );
    expect(output.code).toBe(0);
    expect(output.stdout).toContain(`Registered ${commands.length} commands in guild ${guild.id}`);
    expect(`${output.stdout}${output.stderr}`).not.toContain(token);
    expect(emulator.guildCommands.get(guild.id)?.map((command) => command.name)).toEqual(
      commands.map((c) => c.data.name),
    );
  }, 30_000);
});

describe('components, message commands and DMs, answered by discord.js', () => {
  const menu = [
    { type: 1, components: [{ type: 2, style: 1, custom_id: 'next', label: 'Next' }] },
    {
      type: 1,
      components: [
        {
          type: 3,
          custom_id: 'place',
          options: [
            { label: 'Sudzha', value: 'sudzha' },
            { label: 'Sumy', value: 'sumy' },
          ],
        },
      ],
    },
  ];

  it('takes discord.js answers: an update, a deferred update, a message command, a DM command', async () => {
    const { guild, channel } = await startEmulator();
    await new REST({ api: emulator.apiUrl })
      .setToken(token)
      .put(Routes.applicationCommands(emulator.applicationId), {
        body: [
          { name: 'menu', description: 'A menu', contexts: [0, 1] },
          { type: 3, name: 'Quote', contexts: [0] },
        ],
      });
    const discord = createDiscordClient({ apiUrl: emulator.apiUrl });
    client = discord;
    discord.on(Events.InteractionCreate, async (interaction) => {
      if (interaction.isChatInputCommand() && interaction.inGuild()) {
        await interaction.reply({ content: 'page 1', components: menu });
      } else if (interaction.isChatInputCommand()) {
        await interaction.deferReply();
        await interaction.followUp({ content: 'in your DM' });
        await interaction.editReply({ content: 'edited in your DM' });
      } else if (interaction.isButton()) {
        await interaction.update({ content: `page 2 (was "${interaction.message.content}")` });
      } else if (interaction.isStringSelectMenu()) {
        await interaction.deferUpdate();
        await interaction.editReply({ content: `chose ${interaction.values.join(', ')}` });
      } else if (interaction.isMessageContextMenuCommand()) {
        const quoted = interaction.targetMessage;
        await interaction.reply({
          content: `${quoted.author.username}: ${quoted.content}`,
          flags: MessageFlags.Ephemeral,
        });
      }
    });
    await discord.login(token);
    await eventually(() => discord.guilds.cache.has(guild.id), 'the guild');

    const reply = await emulator.invokeCommand(guild.id, channel.id, 'menu');
    if (reply.status !== 'message') throw new Error(JSON.stringify(reply));
    const pressed = await emulator.invokeComponent(guild.id, channel.id, reply.message.id, 'next');
    expect(pressed).toMatchObject({ status: 'message', updated: true, message: { id: reply.message.id } });
    expect(reply.message.content).toBe('page 2 (was "page 1")');
    const chosen = await emulator.invokeComponent(guild.id, channel.id, reply.message.id, 'place', {
      values: ['sumy'],
    });
    expect(chosen).toMatchObject({ status: 'message', updated: true, deferred: true, callbacks: [6] });
    expect(reply.message).toMatchObject({ content: 'chose sumy', edited_timestamp: expect.any(String) });
    expect(emulator.messages.get(channel.id)).toHaveLength(1);

    const claim = emulator.postUserMessage(channel.id, 'Russia says it has retaken Sudzha');
    const quoted = await emulator.invokeMessageCommand(guild.id, channel.id, 'Quote', claim.id);
    expect(quoted).toMatchObject({
      status: 'message',
      ephemeral: true,
      message: { content: 'member: Russia says it has retaken Sudzha', type: 23 },
    });

    const fromDm = await emulator.invokeCommand(undefined, '', 'menu', {}, { context: 'bot-dm' });
    expect(fromDm).toMatchObject({ status: 'message', deferred: true, message: { content: 'in your DM' } });
    const dm = emulator.dmChannel();
    await eventually(
      () => emulator.messages.get(dm.id)?.some((message) => message.content === 'edited in your DM') === true,
      'the edit of the DM answer',
    );
    const answers = emulator.requests.filter((request) => /^\/(interactions|webhooks)\//.test(request.path));
    expect(answers.filter((request) => request.status >= 400)).toEqual([]);
  });
});

describe('direct messages: opening a DM', () => {
  it('has a bucket of its own, not a tiny one: discord.js opens 20 at once without a 429', async () => {
    await startEmulator();
    const open = (recipient: string) =>
      fetch(`${emulator.apiUrl}/v10/users/@me/channels`, {
        method: 'POST',
        headers: { authorization: `Bot ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ recipient_id: recipient }),
      });
    const first = await open('600000000000000001');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('50');
    const rest = new REST({ api: emulator.apiUrl }).setToken(token);
    const opened = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        rest.post(Routes.userChannels(), {
          body: { recipient_id: String(600000000000000100n + BigInt(index)) },
        }),
      ),
    );
    expect(new Set(opened.map((channel) => (channel as { id: string }).id)).size).toBe(20);
    expect(emulator.rateLimiter.rejected).toEqual({ user: 0, global: 0 });
  });

  it('counts toward the global limit', async () => {
    await startEmulator({ rateLimits: { globalPerSecond: 3 } });
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        fetch(`${emulator.apiUrl}/v10/users/@me/channels`, {
          method: 'POST',
          headers: { authorization: `Bot ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ recipient_id: String(600000000000000100n + BigInt(index)) }),
        }),
      ),
    );
    const limited = responses.filter((response) => response.status === 429);
    expect(limited).toHaveLength(2);
    expect(limited[0]?.headers.get('x-ratelimit-scope')).toBe('global');
  });
});

describe('publishing in announcement channels', () => {
  const crosspostRoute = 'POST /channels/:id/messages/:id/crosspost';

  async function newsroom(options: ConstructorParameters<typeof DiscordEmulator>[0] = {}) {
    // Posting is not under test: its bucket is raised so messages can be made as fast as needed.
    const { guild, channel } = await startEmulator({
      ...options,
      rateLimits: { routeLimit: 100, ...options.rateLimits },
    });
    const news = emulator.addChannel(guild.id, { name: 'news', type: ChannelType.GuildAnnouncement });
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${emulator.apiUrl}/v10${path}`, {
        method,
        headers: {
          authorization: `Bot ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as Record<string, unknown>,
      };
    };
    const post = async (channelId: string) =>
      String(
        (await call('POST', `/channels/${channelId}/messages`, { content: 'Sudzha: new claims' })).body.id,
      );
    const publish = (channelId: string, messageId: string) =>
      call('POST', `/channels/${channelId}/messages/${messageId}/crosspost`);
    return { guild, channel, news, post, publish };
  }

  it('publishes the bot’s message once, in an announcement channel only', async () => {
    const { news, channel, post, publish } = await newsroom();
    const messageId = await post(news.id);
    const published = await publish(news.id, messageId);
    expect(published).toMatchObject({ status: 200, body: { id: messageId, flags: 1 } });
    expect(emulator.messages.get(news.id)?.[0]?.flags).toBe(1);
    expect(await publish(news.id, messageId)).toMatchObject({
      status: 400,
      body: { code: 40033, message: 'This message has already been crossposted.' },
    });
    expect(await publish(channel.id, await post(channel.id))).toMatchObject({
      status: 400,
      body: { code: 50024 },
    });
    expect(await publish(news.id, '100000000000000009')).toMatchObject({
      status: 404,
      body: { code: 10008 },
    });
  });

  it('needs Send Messages for the bot’s own messages, and Manage Messages too for anyone else’s', async () => {
    const { news, post, publish } = await newsroom();
    const own = await post(news.id);
    const theirs = emulator.postUserMessage(news.id, 'Russia says it has retaken Sudzha');
    expect(await publish(news.id, theirs.id)).toMatchObject({ status: 403, body: { code: 50013 } });
    emulator.revokePermission(news.id, PermissionFlagsBits.SendMessages);
    expect(await publish(news.id, own)).toMatchObject({ status: 403, body: { code: 50013 } });
    emulator.grantPermission(news.id, PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageMessages);
    expect(await publish(news.id, own)).toMatchObject({ status: 200 });
    expect(await publish(news.id, theirs.id)).toMatchObject({ status: 200, body: { flags: 1 } });
  });

  it('publishes at most 10 an hour in a channel: the 11th is limited on its route, not globally', async () => {
    const { guild, news, post, publish } = await newsroom();
    const messages = [];
    for (let index = 0; index < 11; index++) messages.push(await post(news.id));
    for (const messageId of messages.slice(0, 10))
      expect((await publish(news.id, messageId)).status).toBe(200);
    const limited = await publish(news.id, messages[10] as string);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ message: 'You are being rate limited.', global: false });
    // An hour from the first publish, less the moments the test took.
    expect(limited.body.retry_after).toBeGreaterThan(3500);
    expect(limited.body.retry_after).toBeLessThanOrEqual(3600);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(limited.headers.get('x-ratelimit-limit')).toBe('10');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(emulator.messages.get(news.id)?.[10]?.flags).toBe(0);
    // Posting in the channel, and publishing in another announcement channel, go on.
    expect(await post(news.id)).toMatch(/^\d+$/);
    const other = emulator.addChannel(guild.id, { name: 'more-news', type: ChannelType.GuildAnnouncement });
    expect((await publish(other.id, await post(other.id))).status).toBe(200);
    expect(emulator.rateLimiter.rejected).toEqual({ user: 1, global: 0 });
  });

  it('takes the hour as an option, and publishes again once it has passed', async () => {
    const { news, post, publish } = await newsroom({
      rateLimits: { routes: { [crosspostRoute]: { limit: 10, windowMs: 300 } } },
    });
    const messages = [];
    for (let index = 0; index < 12; index++) messages.push(await post(news.id));
    for (const messageId of messages.slice(0, 10)) await publish(news.id, messageId);
    const limited = await publish(news.id, messages[10] as string);
    expect(limited.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, Number(limited.body.retry_after) * 1000 + 20));
    expect((await publish(news.id, messages[10] as string)).status).toBe(200);
    expect((await publish(news.id, messages[11] as string)).status).toBe(200);
  });
});
