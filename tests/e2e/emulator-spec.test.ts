// The emulator held to Discord's own OpenAPI document (src/emulator/discord-api-spec/): every route it
// serves answers with a body the document's response schema accepts, the gateway's objects carry what
// Discord's do, and requests Discord rejects are rejected with 50035 and the offending field's path.
// A raw gateway client stands in for the bot, and plain fetch for its REST calls.
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ChannelType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  DiscordEmulator,
  type EmulatedChannel,
  type EmulatedGuild,
  type InteractionOutcome,
} from '../../src/emulator/discord-emulator.js';

const token = 'spec.test-token.0123456789abcdef';

type Json = Record<string, unknown>;

// ---------------------------------------------------------------- Discord's document, read directly

const spec = JSON.parse(
  readFileSync(new URL('../../src/emulator/discord-api-spec/openapi.json', import.meta.url), 'utf8'),
) as { paths: Record<string, Record<string, { responses: Record<string, Json> }>> };

/** The document's README: its anyOf unions mean "exactly one of" (x-discord-union: oneOf). */
function strictUnions(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) strictUnions(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Json;
  if (schema['x-discord-union'] === 'oneOf' && Array.isArray(schema.anyOf)) {
    schema.oneOf = schema.anyOf;
    delete schema.anyOf;
  }
  for (const value of Object.values(schema)) strictUnions(value);
}
strictUnions(spec);

const ajv = new Ajv2020({
  strict: false,
  allErrors: true,
  validateSchema: false,
  inlineRefs: false,
  code: { optimize: false },
});
addFormatsModule.default(ajv);
ajv.addFormat('snowflake', true);
ajv.addFormat('nonce', true);
ajv.addSchema(spec, 'spec');

const validators = new Map<string, ValidateFunction>();
function validator(pointer: string[]): ValidateFunction {
  const ref = `spec#/${pointer.map((segment) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

function problems(validate: ValidateFunction, value: unknown): string[] {
  return validate(value)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

/** What the document finds wrong with a component schema's instance ([] when it fits). */
function schemaProblems(name: string, value: unknown): string[] {
  return problems(validator(['components', 'schemas', name]), value);
}

/** Routes answered and checked, "METHOD template": the test at the end makes sure none was left out. */
const checkedRoutes = new Set<string>();

/**
 * Checks an answer against the document's response for this operation and status: a JSON body its
 * schema accepts, or no body where it describes none. Errors (4xx) are checked against its Error
 * object: its InnerErrors types each `_errors[].code` as an integer where Discord sends strings.
 */
function expectSpecResponse(
  method: string,
  template: string,
  response: { status: number; body: unknown },
): void {
  const operation = spec.paths[template]?.[method.toLowerCase()];
  expect(operation, `${method} ${template} in Discord's document`).toBeDefined();
  checkedRoutes.add(`${method} ${template}`);
  if (response.status >= 400) {
    expect(schemaProblems('Error', response.body)).toEqual([]);
    return;
  }
  const described = operation?.responses[String(response.status)] as
    | { content?: Record<string, unknown> }
    | undefined;
  expect(described, `${method} ${template} answers ${response.status}`).toBeDefined();
  if (!described?.content) {
    expect(response.body).toBeUndefined();
    return;
  }
  const validate = validator([
    'paths',
    template,
    method.toLowerCase(),
    'responses',
    String(response.status),
    'content',
    'application/json',
    'schema',
  ]);
  expect(problems(validate, response.body), `${method} ${template}`).toEqual([]);
}

// ---------------------------------------------------------------- the emulator and a raw bot

let emulator: DiscordEmulator;
let guild: EmulatedGuild;
let general: EmulatedChannel;
let forum: EmulatedChannel;
let thread: EmulatedChannel;
let bot: RawBot;

interface Dispatch {
  t: string;
  d: Json;
}

/** A bot that is only a gateway connection: it records every dispatch and hands them out in order. */
class RawBot {
  readonly dispatches: Dispatch[] = [];
  private readonly taken = new Set<Dispatch>();
  private readonly socket: WebSocket;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; t?: string; d: Json };
      if (packet.op === 10) {
        this.socket.send(JSON.stringify({ op: 2, d: { token, intents: 1, properties: {}, shard: [0, 1] } }));
      }
      if (packet.op === 0 && packet.t) this.dispatches.push({ t: packet.t, d: packet.d });
    });
  }

  /** The first dispatch of this event not handed out before, waiting for it if need be. */
  async next(event: string): Promise<Json> {
    for (let waited = 0; waited < 5000; waited += 5) {
      const found = this.dispatches.find((dispatch) => dispatch.t === event && !this.taken.has(dispatch));
      if (found) {
        this.taken.add(found);
        return found.d;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`no ${event} dispatch`);
  }

  close(): void {
    this.socket.close();
  }
}

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.apiUrl}/v10${path}`, {
    method,
    headers: {
      authorization: `Bot ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** The bot's answer to an interaction: the callback, optionally asking for the created resource. */
function callback(interaction: Json, body: unknown, withResponse = true) {
  return api(
    'POST',
    `/interactions/${String(interaction.id)}/${String(interaction.token)}/callback${withResponse ? '?with_response=true' : ''}`,
    body,
  );
}

function webhook(interaction: Json, method: string, rest: string, body?: unknown) {
  return api(method, `/webhooks/${emulator.applicationId}/${String(interaction.token)}${rest}`, body);
}

/** The errors of a 50035 body at a dotted path ("embeds.0.color"). */
function fieldErrors(body: unknown, path: string): { code: string; message: string }[] {
  let node = (body as { errors?: Json }).errors as Json | undefined;
  for (const key of path.split('.')) node = node?.[key] as Json | undefined;
  return (node?._errors as { code: string; message: string }[] | undefined) ?? [];
}

const buttons = [
  {
    type: 1,
    components: [
      { type: 2, style: 1, custom_id: 'next', label: 'Next' },
      { type: 2, style: 2, custom_id: 'gone', label: 'Disabled', disabled: true },
      { type: 2, style: 5, url: 'https://discord.com', label: 'Link' },
    ],
  },
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

const commandDefinitions = [
  {
    name: 'status',
    description: 'The situation in a place',
    default_member_permissions: '32',
    contexts: [0, 1],
    integration_types: [0, 1],
    options: [
      { type: 3, name: 'region', description: 'A place', required: true, autocomplete: true },
      { type: 4, name: 'page', description: 'Which page', min_value: 1 },
    ],
  },
  {
    name: 'digest',
    description: 'Digests',
    contexts: [0],
    options: [{ type: 1, name: 'list', description: 'List them' }],
  },
  { name: 'private', description: 'From a group DM', contexts: [2], integration_types: [1] },
  { type: 3, name: 'Check claim', contexts: [0, 1], integration_types: [0, 1] },
];

beforeAll(async () => {
  // Rate limits are not under test here: the requests come as fast as the checks make them.
  emulator = new DiscordEmulator({ token, rateLimits: { routeLimit: 1000, globalPerSecond: 1000 } });
  await emulator.start();
  guild = emulator.addGuild('Spec', [
    { name: 'general' },
    { name: 'forum', type: ChannelType.GuildForum },
    { name: 'thread', type: ChannelType.PublicThread, parent: 'general' },
  ]);
  general = emulator.channelByName(guild.id, 'general');
  forum = emulator.channelByName(guild.id, 'forum');
  thread = emulator.channelByName(guild.id, 'thread');
  emulator.addThreadMember(thread.id, emulator.botUser.id);
  emulator.addRole(guild.id, 'watchers');
  bot = new RawBot(emulator.gatewayUrl);
  await bot.next('GUILD_CREATE');
  const registered = await api('PUT', `/applications/${emulator.applicationId}/commands`, commandDefinitions);
  expect(registered.status).toBe(200);
});

afterAll(async () => {
  bot.close();
  await emulator.stop();
});

// ---------------------------------------------------------------- REST answers

describe('answers every route with what Discord describes', () => {
  it('gateway, identity and application routes', async () => {
    expectSpecResponse('GET', '/gateway/bot', await api('GET', '/gateway/bot'));
    expectSpecResponse('GET', '/gateway', await api('GET', '/gateway'));
    expectSpecResponse('GET', '/users/@me', await api('GET', '/users/@me'));
    expectSpecResponse('GET', '/applications/@me', await api('GET', '/applications/@me'));
    expectSpecResponse('GET', '/oauth2/applications/@me', await api('GET', '/oauth2/applications/@me'));
    const member = await api('GET', `/guilds/${guild.id}/members/${emulator.botUser.id}`);
    expectSpecResponse('GET', '/guilds/{guild_id}/members/{user_id}', member);
    expectSpecResponse(
      'GET',
      '/guilds/{guild_id}/channels',
      await api('GET', `/guilds/${guild.id}/channels`),
    );
  });

  it('commands, global and per guild, with default_member_permissions, contexts and integration_types', async () => {
    const app = emulator.applicationId;
    const global = await api('PUT', `/applications/${app}/commands`, commandDefinitions);
    expectSpecResponse('PUT', '/applications/{application_id}/commands', global);
    const listed = await api('GET', `/applications/${app}/commands`);
    expectSpecResponse('GET', '/applications/{application_id}/commands', listed);
    const digest = (listed.body as Json[]).find((command) => command.name === 'digest');
    expect(digest).toMatchObject({ default_member_permissions: null, contexts: [0], integration_types: [0] });
    const status = (listed.body as Json[]).find((command) => command.name === 'status');
    expect(status).toMatchObject({ default_member_permissions: '32', type: 1, application_id: app });
    // The same definitions again keep ids and versions.
    const again = await api('PUT', `/applications/${app}/commands`, commandDefinitions);
    expect((again.body as Json[]).map((command) => [command.id, command.version])).toEqual(
      (global.body as Json[]).map((command) => [command.id, command.version]),
    );
    const inGuild = await api('PUT', `/applications/${app}/guilds/${guild.id}/commands`, [
      { name: 'sources', description: 'Every source' },
    ]);
    expectSpecResponse('PUT', '/applications/{application_id}/guilds/{guild_id}/commands', inGuild);
    expect((inGuild.body as Json[])[0]).toMatchObject({
      guild_id: guild.id,
      default_member_permissions: null,
    });
    const guildListed = await api('GET', `/applications/${app}/guilds/${guild.id}/commands`);
    expectSpecResponse('GET', '/applications/{application_id}/guilds/{guild_id}/commands', guildListed);
    await api('PUT', `/applications/${app}/guilds/${guild.id}/commands`, []);
  });

  it('channels, threads and messages, JSON and multipart', async () => {
    for (const channel of [general, forum, thread]) {
      expectSpecResponse('GET', '/channels/{channel_id}', await api('GET', `/channels/${channel.id}`));
    }
    const posted = await api('POST', `/channels/${general.id}/messages`, {
      content: `Hello <@${emulator.botUser.id}>`,
      embeds: [{ title: 'T', color: 0xff0000, fields: [{ name: 'n', value: 'v' }], url: null }],
      components: buttons,
      allowed_mentions: { parse: ['users'] },
    });
    expectSpecResponse('POST', '/channels/{channel_id}/messages', posted);
    const message = posted.body as Json;
    expect(message).toMatchObject({ type: 0, pinned: false, tts: false, edited_timestamp: null });
    expect(message.mentions).toMatchObject([{ id: emulator.botUser.id }]);
    expect(message).not.toHaveProperty('allowed_mentions');
    expect((message.embeds as Json[])[0]).toMatchObject({ type: 'rich', fields: [{ inline: false }] });
    expect((message.components as Json[])[0]).toMatchObject({
      type: 1,
      id: 1,
      components: [{ id: 2 }, {}, {}],
    });

    const form = new FormData();
    form.set(
      'payload_json',
      JSON.stringify({ content: 'with a file', attachments: [{ id: '0', description: 'alt' }] }),
    );
    form.set('files[0]', new Blob([Buffer.from('attached')], { type: 'text/plain' }), 'note.txt');
    const multipart = await fetch(`${emulator.apiUrl}/v10/channels/${general.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${token}` },
      body: form,
    });
    expectSpecResponse('POST', '/channels/{channel_id}/messages', {
      status: multipart.status,
      body: await multipart.json(),
    });

    const listed = await api('GET', `/channels/${general.id}/messages`);
    expectSpecResponse('GET', '/channels/{channel_id}/messages', listed);
    const one = await api('GET', `/channels/${general.id}/messages/${String(message.id)}`);
    expectSpecResponse('GET', '/channels/{channel_id}/messages/{message_id}', one);
    const post = await api('POST', `/channels/${forum.id}/threads`, {
      name: 'A post',
      message: { content: 'First' },
    });
    expectSpecResponse('POST', '/channels/{channel_id}/threads', post);
    const joined = await api('GET', `/channels/${thread.id}/thread-members/${emulator.botUser.id}`);
    expectSpecResponse('GET', '/channels/{channel_id}/thread-members/{user_id}', joined);
    const unknown = await api('GET', `/channels/${thread.id}/thread-members/100000000000000009`);
    expectSpecResponse('GET', '/channels/{channel_id}/thread-members/{user_id}', unknown);
    expect(unknown.status).toBe(404);
  });

  it('interaction callbacks, follow-ups and edits of a slash command', async () => {
    const outcome = emulator.invokeCommand(guild.id, general.id, 'status', { region: 'sudzha' });
    const interaction = await bot.next('INTERACTION_CREATE');
    const template = '/interactions/{interaction_id}/{interaction_token}/callback';
    const answered = await callback(interaction, {
      type: 4,
      data: { content: 'Sudzha', embeds: [{ description: 'claims' }], components: buttons },
    });
    expectSpecResponse('POST', template, answered);
    expect((await outcome).status).toBe('message');
    const followup = await webhook(interaction, 'POST', '', { content: 'more', flags: 64 });
    expectSpecResponse('POST', '/webhooks/{webhook_id}/{webhook_token}', followup);
    const id = String((followup.body as Json).id);
    const original = '/webhooks/{webhook_id}/{webhook_token}/messages/@original';
    const byId = '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}';
    expectSpecResponse('GET', original, await webhook(interaction, 'GET', '/messages/@original'));
    const edited = await webhook(interaction, 'PATCH', '/messages/@original', { content: 'edited' });
    expectSpecResponse('PATCH', original, edited);
    expect((edited.body as Json).edited_timestamp).toEqual(expect.any(String));
    expectSpecResponse('GET', byId, await webhook(interaction, 'GET', `/messages/${id}`));
    expectSpecResponse(
      'PATCH',
      byId,
      await webhook(interaction, 'PATCH', `/messages/${id}`, { content: 'again' }),
    );
    expectSpecResponse('DELETE', byId, await webhook(interaction, 'DELETE', `/messages/${id}`));
    expectSpecResponse('DELETE', original, await webhook(interaction, 'DELETE', '/messages/@original'));
    expect(emulator.messages.get(general.id)?.some((message) => message.content === 'edited')).toBe(false);

    const deferredOutcome = emulator.invokeCommand(guild.id, general.id, 'status', { region: 'sumy' });
    const deferred = await bot.next('INTERACTION_CREATE');
    const thinking = await callback(deferred, { type: 5, data: { flags: 64 } });
    expectSpecResponse('POST', template, thinking);
    expect((thinking.body as { interaction: Json }).interaction).toMatchObject({
      response_message_loading: true,
      response_message_ephemeral: true,
    });
    const filled = await webhook(deferred, 'PATCH', '/messages/@original', { content: 'Sumy' });
    expectSpecResponse('PATCH', original, filled);
    expect(await deferredOutcome).toMatchObject({ status: 'message', ephemeral: true, deferred: true });

    const suggest = emulator.invokeAutocomplete(guild.id, general.id, 'status', { region: 'su' }, 'region');
    const autocomplete = await bot.next('INTERACTION_CREATE');
    const choices = await callback(autocomplete, {
      type: 8,
      data: { choices: [{ name: 'Sudzha', value: 'sudzha' }] },
    });
    expectSpecResponse('POST', template, choices);
    expect(await suggest).toMatchObject({ status: 'autocomplete', choices: [{ name: 'Sudzha' }] });
  });

  it('updates of the message a pressed component sits on', async () => {
    const posted = (
      await api('POST', `/channels/${general.id}/messages`, { content: 'page 1', components: buttons })
    ).body as Json;
    const messageId = String(posted.id);
    const press = emulator.invokeComponent(guild.id, general.id, messageId, 'next');
    const pressed = await bot.next('INTERACTION_CREATE');
    const template = '/interactions/{interaction_id}/{interaction_token}/callback';
    const updated = await callback(pressed, { type: 7, data: { content: 'page 2' } });
    expectSpecResponse('POST', template, updated);
    expect((updated.body as { resource: Json }).resource).toMatchObject({
      type: 7,
      message: { id: messageId },
    });
    expect(await press).toMatchObject({ status: 'message', updated: true, deferred: false });

    const choose = emulator.invokeComponent(guild.id, general.id, messageId, 'place', { values: ['sumy'] });
    const chosen = await bot.next('INTERACTION_CREATE');
    expectSpecResponse('POST', template, await callback(chosen, { type: 6 }));
    const edit = await webhook(chosen, 'PATCH', '/messages/@original', { content: 'Sumy, page 1' });
    expectSpecResponse('PATCH', '/webhooks/{webhook_id}/{webhook_token}/messages/@original', edit);
    expect(await choose).toMatchObject({ status: 'message', updated: true, deferred: true });
    expect(emulator.messages.get(general.id)?.filter((message) => message.id === messageId)).toHaveLength(1);
  });

  it('direct messages: the DM opened, posted to, refused, and a button under it pressed', async () => {
    const userId = '100000000000000042';
    const opened = await api('POST', '/users/@me/channels', { recipient_id: userId });
    expectSpecResponse('POST', '/users/@me/channels', opened);
    const dm = emulator.dmChannel(userId).id;
    expect(opened.body).toMatchObject({ id: dm, type: 1, recipients: [{ id: userId }] });
    expect((await api('POST', '/users/@me/channels', { recipient_id: userId })).body).toMatchObject({
      id: dm,
    });

    const posted = await api('POST', `/channels/${dm}/messages`, {
      embeds: [{ title: 'What changed on your watches' }],
      components: [{ type: 1, components: [{ type: 2, style: 2, custom_id: 'stop', label: 'Stop' }] }],
      allowed_mentions: { parse: [] },
      nonce: 'watch-1',
      enforce_nonce: true,
    });
    expectSpecResponse('POST', '/channels/{channel_id}/messages', posted);
    const messageId = String((posted.body as Json).id);
    const again = await api('POST', `/channels/${dm}/messages`, {
      content: 'a second copy',
      nonce: 'watch-1',
      enforce_nonce: true,
    });
    expect(again).toMatchObject({ status: 200, body: { id: messageId } });
    expect(emulator.messages.get(dm)?.map((message) => message.id)).toEqual([messageId]);

    const press = emulator.invokeComponent(undefined, dm, messageId, 'stop', { context: 'bot-dm', userId });
    const pressed = await bot.next('INTERACTION_CREATE');
    expect(pressed).not.toHaveProperty('guild_id');
    expect(pressed).toMatchObject({
      context: 1,
      channel_id: dm,
      user: { id: userId },
      message: { id: messageId },
    });
    await callback(pressed, { type: 4, data: { content: 'You no longer watch it', flags: 64 } }, false);
    expect(await press).toMatchObject({ status: 'message', ephemeral: true });

    emulator.closeDirectMessages(userId);
    const refused = await api('POST', `/channels/${dm}/messages`, { content: 'closed' });
    expectSpecResponse('POST', '/channels/{channel_id}/messages', refused);
    expect(refused).toMatchObject({
      status: 403,
      body: { code: 50007, message: 'Cannot send messages to this user' },
    });
    expect((await api('POST', '/users/@me/channels', { recipient_id: userId })).status).toBe(200);
    emulator.openDirectMessages(userId);
    expect((await api('POST', `/channels/${dm}/messages`, { content: 'open again' })).status).toBe(200);

    emulator.deleteUser(userId);
    const gone = await api('POST', '/users/@me/channels', { recipient_id: userId });
    expectSpecResponse('POST', '/users/@me/channels', gone);
    expect(gone).toMatchObject({ status: 404, body: { code: 10013, message: 'Unknown User' } });
    expect((await api('POST', `/channels/${dm}/messages`, { content: 'gone' })).body).toMatchObject({
      code: 50007,
    });
  });

  it('publishing in an announcement channel', async () => {
    const news = emulator.addChannel(guild.id, { name: 'news', type: ChannelType.GuildAnnouncement });
    expectSpecResponse('GET', '/channels/{channel_id}', await api('GET', `/channels/${news.id}`));
    const posted = await api('POST', `/channels/${news.id}/messages`, { content: 'Sudzha: new claims' });
    const template = '/channels/{channel_id}/messages/{message_id}/crosspost';
    const path = `/channels/${news.id}/messages/${String((posted.body as Json).id)}/crosspost`;
    const published = await api('POST', path);
    expectSpecResponse('POST', template, published);
    expect(published).toMatchObject({ status: 200, body: { id: (posted.body as Json).id, flags: 1 } });
    const twice = await api('POST', path);
    expectSpecResponse('POST', template, twice);
    expect(twice).toMatchObject({ status: 400, body: { code: 40033 } });
  });

  it('rate limits with the body Discord describes', async () => {
    emulator.failNext(429, { pathIncludes: '/gateway' });
    const limited = await api('GET', '/gateway');
    expect(limited.status).toBe(429);
    expect(schemaProblems('RatelimitedResponse', limited.body)).toEqual([]);
  });
});

// ---------------------------------------------------------------- gateway payloads

describe('gateway payloads carry what Discord sends', () => {
  it('GUILD_CREATE: the guild, its channels, threads, roles and the bot member', () => {
    const created = bot.dispatches.find((dispatch) => dispatch.t === 'GUILD_CREATE')?.d as Json;
    expect(schemaProblems('GuildResponse', created)).toEqual([]);
    for (const channel of created.channels as Json[])
      expect(schemaProblems('GuildChannelResponse', channel)).toEqual([]);
    expect(created.threads).toHaveLength(1);
    for (const channel of created.threads as Json[])
      expect(schemaProblems('ThreadResponse', channel)).toEqual([]);
    for (const role of created.roles as Json[]) expect(schemaProblems('GuildRoleResponse', role)).toEqual([]);
    for (const member of created.members as Json[])
      expect(schemaProblems('GuildMemberResponse', member)).toEqual([]);
  });

  const interactionFields = [
    'id',
    'application_id',
    'type',
    'token',
    'version',
    'data',
    'channel',
    'channel_id',
    'app_permissions',
    'locale',
    'entitlements',
    'authorizing_integration_owners',
    'context',
    'attachment_size_limit',
  ];

  it('INTERACTION_CREATE from a guild, for a command, a component and a message command', async () => {
    const command = emulator.invokeCommand(guild.id, general.id, 'status', { region: 'sudzha' });
    const interaction = await bot.next('INTERACTION_CREATE');
    for (const field of [...interactionFields, 'guild_id', 'guild', 'member', 'guild_locale']) {
      expect(interaction, field).toHaveProperty(field);
    }
    expect(interaction).toMatchObject({
      context: 0,
      authorizing_integration_owners: { '0': guild.id },
      attachment_size_limit: 10 * 1024 * 1024,
      entitlements: [],
    });
    expect(schemaProblems('GuildMemberResponse', interaction.member)).toEqual([]);
    expect(schemaProblems('GuildChannelResponse', interaction.channel)).toEqual([]);
    const answer = await callback(interaction, { type: 4, data: { content: 'ok', components: buttons } });
    const answerId = String((answer.body as { resource: { message: Json } }).resource.message.id);
    await command;

    const press = emulator.invokeComponent(guild.id, general.id, answerId, 'next');
    const pressed = await bot.next('INTERACTION_CREATE');
    expect(pressed).toMatchObject({ type: 3, data: { custom_id: 'next', component_type: 2 } });
    expect(schemaProblems('MessageResponse', pressed.message)).toEqual([]);
    expect(pressed.message).toMatchObject({
      id: answerId,
      type: 20,
      interaction_metadata: { type: 2, user: { id: '100000000000000001' } },
    });
    await callback(pressed, { type: 6 }, false);
    await webhook(pressed, 'PATCH', '/messages/@original', { content: 'pressed' });
    await press;

    const target = emulator.postUserMessage(general.id, 'Russia says it has retaken Sudzha');
    const check = emulator.invokeMessageCommand(guild.id, general.id, 'Check claim', target.id);
    const checked = await bot.next('INTERACTION_CREATE');
    expect(checked.data).toMatchObject({ type: 3, name: 'Check claim', target_id: target.id });
    const resolved = (checked.data as { resolved: { messages: Record<string, Json> } }).resolved.messages[
      target.id
    ];
    expect(schemaProblems('MessageResponse', resolved)).toEqual([]);
    expect(resolved?.author).toMatchObject({ id: '100000000000000001' });
    expect(resolved?.author).not.toHaveProperty('bot');
    const reply = await callback(checked, { type: 4, data: { content: 'Claimed by Russia', flags: 64 } });
    expect((reply.body as { resource: { message: Json } }).resource.message).toMatchObject({ type: 23 });
    expect(await check).toMatchObject({ status: 'message', ephemeral: true });
  });

  it('INTERACTION_CREATE from the bot DM and from a group DM, answered through callback and webhook', async () => {
    const fromDm = emulator.invokeCommand(
      undefined,
      '',
      'status',
      { region: 'sudzha' },
      { context: 'bot-dm' },
    );
    const dm = await bot.next('INTERACTION_CREATE');
    for (const field of [...interactionFields, 'user']) expect(dm, field).toHaveProperty(field);
    expect(dm).not.toHaveProperty('guild_id');
    expect(dm).not.toHaveProperty('member');
    expect(dm).toMatchObject({ context: 1, authorizing_integration_owners: { '0': '0' } });
    expect(schemaProblems('UserResponse', dm.user)).toEqual([]);
    expect(schemaProblems('PrivateChannelResponse', dm.channel)).toEqual([]);
    expect(dm.channel_id).toBe(emulator.dmChannel().id);
    await callback(dm, { type: 5 }, false);
    const followup = await webhook(dm, 'POST', '', { content: 'from the DM' });
    expectSpecResponse('POST', '/webhooks/{webhook_id}/{webhook_token}', followup);
    expect(await fromDm).toMatchObject({
      status: 'message',
      deferred: true,
      message: { channel_id: dm.channel_id },
    });
    const inDm = await api('GET', `/channels/${String(dm.channel_id)}`);
    expectSpecResponse('GET', '/channels/{channel_id}', inDm);
    expect((await api('POST', `/channels/${String(dm.channel_id)}/messages`, { content: 'hi' })).status).toBe(
      200,
    );

    const fromGroup = emulator.invokeCommand(
      undefined,
      '',
      'private',
      {},
      {
        context: 'private-channel',
        installation: 'user',
      },
    );
    const group = await bot.next('INTERACTION_CREATE');
    expect(group).toMatchObject({
      context: 2,
      authorizing_integration_owners: { '1': '100000000000000001' },
    });
    expect(schemaProblems('PrivateGroupChannelResponse', group.channel)).toEqual([]);
    await callback(group, { type: 4, data: { content: 'from a group DM' } }, false);
    expect(await fromGroup).toMatchObject({ status: 'message', message: { content: 'from a group DM' } });
    // The bot is not in the group DM: only the interaction's webhook reaches it.
    expect(
      (await api('POST', `/channels/${String(group.channel_id)}/messages`, { content: 'hi' })).status,
    ).toBe(403);
  });
});

// ---------------------------------------------------------------- requests Discord rejects

describe('rejects what Discord rejects, with 50035 and the field', () => {
  async function rejected(
    response: Promise<{ status: number; body: unknown }>,
    path: string,
    code?: string,
  ): Promise<void> {
    const { status, body } = await response;
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
    const errors = fieldErrors(body, path);
    expect(errors, JSON.stringify(body)).not.toEqual([]);
    if (code) expect(errors.map((error) => error.code)).toContain(code);
  }

  it('command definitions: a 104-character description, a bad name, optional before required', async () => {
    const app = emulator.applicationId;
    const put = (definition: Json) => api('PUT', `/applications/${app}/commands`, [definition]);
    await rejected(put({ name: 'status', description: 'x'.repeat(104) }), '0.description');
    await rejected(
      put({ name: 'Status now', description: 'd' }),
      '0.name',
      'APPLICATION_COMMAND_INVALID_NAME',
    );
    await rejected(
      put({
        name: 'status',
        description: 'd',
        options: [
          { type: 3, name: 'page', description: 'd' },
          { type: 3, name: 'region', description: 'd', required: true },
        ],
      }),
      '0.options.1.required',
    );
    const long = Array.from({ length: 25 }, (_, index) => ({
      type: 3,
      name: `option-${index}`,
      description: 'd'.repeat(100),
      choices: [{ name: 'c'.repeat(100), value: 'v'.repeat(100) }],
    }));
    await rejected(
      put({ name: 'status', description: 'd', options: long }),
      '0',
      'APPLICATION_COMMAND_TOO_LARGE',
    );
    // Nothing changed: the earlier set is still registered.
    expect(emulator.globalCommands.map((command) => command.name)).toContain('digest');
  });

  it('messages: colour, empty fields, flags, allowed_mentions, content', async () => {
    const post = (body: Json) => api('POST', `/channels/${general.id}/messages`, body);
    await rejected(post({ embeds: [{ title: 't', color: 0x1000000 }] }), 'embeds.0.color', 'NUMBER_TYPE_MAX');
    const emptyField = post({ embeds: [{ fields: [{ name: '', value: '' }] }] });
    const { body } = await emptyField;
    expect(fieldErrors(body, 'embeds.0.fields.0.name')).toMatchObject([{ code: 'BASE_TYPE_REQUIRED' }]);
    expect(fieldErrors(body, 'embeds.0.fields.0.value')).toMatchObject([{ code: 'BASE_TYPE_REQUIRED' }]);
    await rejected(post({ content: 'x', flags: 1 << 20 }), 'flags');
    await rejected(post({ content: 'x', flags: 64 }), 'flags');
    await rejected(
      post({ content: 'x', allowed_mentions: { parse: ['nobody'] } }),
      'allowed_mentions.parse.0',
      'BASE_TYPE_CHOICES',
    );
    await rejected(
      post({ content: 'x', allowed_mentions: { parse: ['users'], users: ['100000000000000001'] } }),
      'allowed_mentions',
    );
    await rejected(post({ content: 'x'.repeat(2001) }), 'content', 'BASE_TYPE_MAX_LENGTH');
    await rejected(
      post({ content: 'x', components: [{ type: 1, components: [{ type: 2, style: 1, label: 'no id' }] }] }),
      'components.0.components.0.custom_id',
    );
  });

  it('opening a DM: a missing or malformed recipient_id', async () => {
    await rejected(api('POST', '/users/@me/channels', {}), 'recipient_id', 'BASE_TYPE_REQUIRED');
    await rejected(
      api('POST', '/users/@me/channels', { recipient_id: 'not-a-user' }),
      'recipient_id',
      'NUMBER_TYPE_COERCE',
    );
  });

  it('a 101-character thread name', async () => {
    await rejected(
      api('POST', `/channels/${forum.id}/threads`, { name: 'x'.repeat(101), message: { content: 'x' } }),
      'name',
      'BASE_TYPE_BAD_LENGTH',
    );
  });

  it('interaction answers: their messages, and callbacks the interaction does not take', async () => {
    const first = emulator.invokeCommand(guild.id, general.id, 'status', { region: 'sudzha' });
    const command = await bot.next('INTERACTION_CREATE');
    await rejected(
      callback(command, { type: 4, data: { embeds: [{ color: 0x1000000 }] } }),
      'data.embeds.0.color',
    );
    expect(await first).toMatchObject({ status: 'rejected' });

    const second = emulator.invokeCommand(guild.id, general.id, 'status', { region: 'sudzha' });
    const again = await bot.next('INTERACTION_CREATE');
    await rejected(callback(again, { type: 7, data: { content: 'x' } }), 'type', 'BASE_TYPE_CHOICES');
    await second;

    const third = emulator.invokeCommand(guild.id, general.id, 'status', { region: 'sudzha' });
    const deferred = await bot.next('INTERACTION_CREATE');
    await callback(deferred, { type: 5 }, false);
    await rejected(
      webhook(deferred, 'POST', '', { content: 'x', allowed_mentions: { parse: ['all'] } }),
      'allowed_mentions.parse.0',
    );
    await rejected(
      webhook(deferred, 'PATCH', '/messages/@original', { embeds: [{ fields: [{ name: 'n', value: '' }] }] }),
      'embeds.0.fields.0.value',
    );
    await third;

    const posted = (
      await api('POST', `/channels/${general.id}/messages`, { content: 'p', components: buttons })
    ).body as Json;
    const press = emulator.invokeComponent(guild.id, general.id, String(posted.id), 'next');
    const pressed = await bot.next('INTERACTION_CREATE');
    await rejected(callback(pressed, { type: 8, data: { choices: [] } }), 'type', 'BASE_TYPE_CHOICES');
    expect(await press).toMatchObject({ status: 'rejected' });
  });
});

// ---------------------------------------------------------------- what a real client can and cannot do

describe('interactions only a real client could send', () => {
  let messageId: string;
  beforeAll(async () => {
    messageId = String(
      (
        (await api('POST', `/channels/${general.id}/messages`, { content: 'menu', components: buttons }))
          .body as Json
      ).id,
    );
  });

  it('refuses to press what is not there, disabled, or not offered', async () => {
    await expect(emulator.invokeComponent(guild.id, general.id, '1', 'next')).rejects.toThrow('no message 1');
    await expect(emulator.invokeComponent(guild.id, general.id, messageId, 'missing')).rejects.toThrow(
      'no component',
    );
    await expect(emulator.invokeComponent(guild.id, general.id, messageId, 'gone')).rejects.toThrow(
      'disabled',
    );
    await expect(
      emulator.invokeComponent(guild.id, general.id, messageId, 'place', { values: ['kursk'] }),
    ).rejects.toThrow('offers no option');
    await expect(emulator.invokeComponent(guild.id, general.id, messageId, 'place')).rejects.toThrow(
      'choose its values',
    );
    await expect(emulator.invokeComponent(guild.id, forum.id, messageId, 'next')).rejects.toThrow(
      'is in channel',
    );
    await expect(
      emulator.invokeComponent(guild.id, general.id, messageId, 'next', { componentType: 3 }),
    ).rejects.toThrow('of type 2');
  });

  it('a new ephemeral answer to a component: pressable by its user only', async () => {
    const press = emulator.invokeComponent(guild.id, general.id, messageId, 'next');
    const pressed = await bot.next('INTERACTION_CREATE');
    await callback(
      pressed,
      { type: 4, data: { content: 'only you', flags: 64, components: buttons } },
      false,
    );
    const outcome = (await press) as Extract<InteractionOutcome, { status: 'message' }>;
    expect(outcome).toMatchObject({ ephemeral: true, deferred: false });
    expect(outcome.updated).toBeUndefined();
    expect(outcome.message.interaction_metadata).toMatchObject({ type: 3, interacted_message_id: messageId });
    await expect(
      emulator.invokeComponent(guild.id, general.id, outcome.message.id, 'next', {
        userId: '100000000000000007',
      }),
    ).rejects.toThrow('ephemeral');
    const again = emulator.invokeComponent(guild.id, general.id, outcome.message.id, 'next');
    await callback(
      await bot.next('INTERACTION_CREATE'),
      { type: 7, data: { content: 'still only you' } },
      false,
    );
    expect(await again).toMatchObject({
      updated: true,
      ephemeral: true,
      message: { content: 'still only you' },
    });
  });

  it('offers commands only where they are registered for', async () => {
    const dm = { context: 'bot-dm' as const };
    await expect(
      emulator.invokeCommand(undefined, '', 'digest', {}, { ...dm, subcommand: 'list' }),
    ).rejects.toThrow('contexts [0]');
    await expect(
      emulator.invokeCommand(
        undefined,
        '',
        'status',
        {},
        { context: 'private-channel', installation: 'guild' },
      ),
    ).rejects.toThrow('user-installed');
    await expect(
      emulator.invokeCommand(undefined, '', 'digest', {}, { context: 'bot-dm', installation: 'user' }),
    ).rejects.toThrow('integration_types [0]');
    await expect(emulator.invokeCommand(guild.id, general.id, 'private', {})).rejects.toThrow(
      'integration_types',
    );
    await expect(emulator.invokeMessageCommand(guild.id, general.id, 'Nothing', messageId)).rejects.toThrow(
      'no message command',
    );
    const app = emulator.applicationId;
    await api('PUT', `/applications/${app}/guilds/${guild.id}/commands`, [
      { name: 'local', description: 'd' },
    ]);
    await expect(emulator.invokeCommand(guild.id, '', 'local', {}, dm)).rejects.toThrow(
      'registered in one guild',
    );
    await api('PUT', `/applications/${app}/guilds/${guild.id}/commands`, []);
  });

  it('posts user messages as a client would, and not what it would not', () => {
    const message = emulator.postUserMessage(general.id, 'see the file', {
      userId: '100000000000000007',
      attachments: [{ filename: 'claim.png', content_type: 'image/png' }],
    });
    expect(schemaProblems('MessageResponse', message)).toEqual([]);
    expect(message).toMatchObject({
      author: { id: '100000000000000007' },
      attachments: [{ filename: 'claim.png' }],
    });
    expect(() => emulator.postUserMessage(general.id, '')).toThrow('would not send');
    expect(() => emulator.postUserMessage(general.id, 'x'.repeat(4001))).toThrow('would not send');
  });
});

describe('coverage', () => {
  it('would catch what the emulator sent before it was held to the document', () => {
    const author = { id: '1', username: 'sitrep', bot: true };
    const oldMessage = {
      id: '2',
      channel_id: '3',
      content: 'x',
      embeds: [],
      attachments: [],
      flags: 0,
      author,
    };
    expect(schemaProblems('MessageResponse', { ...oldMessage, timestamp: new Date().toISOString() })).toEqual(
      expect.arrayContaining([
        " must have required property 'type'",
        " must have required property 'edited_timestamp'",
      ]),
    );
    const oldCommand = {
      id: '1',
      application_id: '2',
      version: '3',
      type: 1,
      name: 'status',
      description: 'd',
    };
    expect(schemaProblems('ApplicationCommandResponse', oldCommand)).toContain(
      " must have required property 'default_member_permissions'",
    );
  });

  it('checked every route the emulator serves against the document', () => {
    expect([...checkedRoutes].sort()).toEqual(
      [
        'DELETE /webhooks/{webhook_id}/{webhook_token}/messages/@original',
        'DELETE /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
        'GET /applications/@me',
        'GET /applications/{application_id}/commands',
        'GET /applications/{application_id}/guilds/{guild_id}/commands',
        'GET /channels/{channel_id}',
        'GET /channels/{channel_id}/messages',
        'GET /channels/{channel_id}/messages/{message_id}',
        'GET /channels/{channel_id}/thread-members/{user_id}',
        'GET /gateway',
        'GET /gateway/bot',
        'GET /guilds/{guild_id}/channels',
        'GET /guilds/{guild_id}/members/{user_id}',
        'GET /oauth2/applications/@me',
        'GET /users/@me',
        'GET /webhooks/{webhook_id}/{webhook_token}/messages/@original',
        'GET /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
        'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original',
        'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
        'POST /channels/{channel_id}/messages',
        'POST /channels/{channel_id}/messages/{message_id}/crosspost',
        'POST /channels/{channel_id}/threads',
        'POST /interactions/{interaction_id}/{interaction_token}/callback',
        'POST /webhooks/{webhook_id}/{webhook_token}',
        'PUT /applications/{application_id}/commands',
        'PUT /applications/{application_id}/guilds/{guild_id}/commands',
        'POST /users/@me/channels',
      ].sort(),
    );
  });
});
