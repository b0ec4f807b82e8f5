// Property-based fuzzing of every command option and every autocomplete, through the real client on
// the emulator: random Unicode, empty and 6,000-character strings, invisible and direction-override
// characters, markdown and code fences, mentions of everyone, roles and users, invalid cron and zones,
// ids of another server's channels and subscriptions. Whatever comes in, the bot answers, within
// Discord's limits, pinging nobody, echoing nothing that renders as a mention.

import { rm } from 'node:fs/promises';
import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  PermissionFlagsBits,
} from 'discord.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSlashCommand } from '../../src/commands/command.js';
import { commands } from '../../src/commands/index.js';
import type { FactStore } from '../../src/data/fact-store.js';
import type { EmulatedMessage } from '../../src/emulator/discord-emulator.js';
import { DiscordLimits } from '../../src/render/discord-limits.js';
import { type Harness, startHarness } from '../support/bot-harness.js';

/** Inputs per run; the issue asks for at least 10,000. FUZZ_RUNS raises it for a longer hunt. */
const runs = Number(process.env.FUZZ_RUNS ?? 10_000);

const hostile = [
  '',
  ' ',
  '@everyone',
  '@here',
  '<@&123456789012345678>',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '```js\nprocess.exit()\n```',
  '`',
  "'` found by fuzzing: a backtick in an echoed time zone",
  '**bold** __under__ ~~strike~~ ||spoiler||',
  '> quote\n# heading',
  '[link](https://example.com)',
  '\u200b\u200c\u200d\u2060\ufeff',
  '\u202e\u2066\u2067\u2068\u2069',
  'Суджа',
  'سومي',
  '👨‍👩‍👧‍👦🇺🇦',
  '*/5 * * * *',
  '61 25 32 13 8',
  'daily 25:99',
  'Europe/Atlantis',
  'UTC+3',
  '../../etc/passwd',
  '%s%n%x',
  '\\',
  'null',
  'undefined',
  '{"__proto__":{"polluted":1}}',
  'a'.repeat(6000),
];

const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostile) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...hostile), fc.string({ maxLength: 20 })), { maxLength: 4 })
      .map((parts) => parts.join(' ')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 5000, maxLength: 6000 }) },
);

/** Values that work, mixed in so hostile input also meets the paths behind a valid option. */
function validValues(facts: FactStore): Record<string, string[]> {
  return {
    region: facts.places.flatMap((place) => [place.id, place.name]),
    name: facts.topics.map((topic) => topic.id),
    topics: facts.topics.map((topic) => topic.id),
    actor: facts.actors.map((actor) => actor.id),
    party: ['russia', 'ukraine', 'us'],
    question: ['how far can the long neptune strike', 'north korean troops', 'sudzha'],
    schedule: ['hourly', 'every 6 hours', 'daily 08:00', 'weekdays 18:30', 'weekly mon 09:00', '0 9 * * 1'],
    timezone: ['Europe/Kyiv', 'Europe/Moscow', 'UTC', 'America/New_York'],
  };
}

interface World {
  valid: Record<string, string[]>;
  ownChannels: string[];
  foreignChannels: string[];
  ownRoles: string[];
  foreignRoles: string[];
  foreignSubscriptionIds: string[];
  guildId: string;
  foreignGuildId: string;
}

type OptionValue = string | number | boolean;
interface GeneratedInteraction {
  command: string;
  subcommand?: string;
  options: Record<string, OptionValue>;
  /** An option to autocomplete instead of running the command. */
  focused?: string;
  userId: string;
}

function valueFor(option: APIApplicationCommandOption, world: World): fc.Arbitrary<OptionValue> {
  switch (option.type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return fc.oneof(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.constantFrom(0, -1, 2 ** 31, 2 ** 53 - 1),
      );
    case ApplicationCommandOptionType.Boolean:
      return fc.boolean();
    case ApplicationCommandOptionType.Channel:
      return fc.constantFrom(...world.ownChannels, ...world.foreignChannels, '999999999999999999');
    case ApplicationCommandOptionType.Role:
      return fc.constantFrom(...world.ownRoles, ...world.foreignRoles, world.guildId);
    default: {
      if (option.name === 'id')
        return fc.oneof(hostileText, fc.constantFrom(...world.foreignSubscriptionIds));
      const valid = world.valid[option.name] ?? [];
      return valid.length > 0 ? fc.oneof(hostileText, fc.constantFrom(...valid)) : hostileText;
    }
  }
}

function optionsFor(
  definitions: readonly APIApplicationCommandOption[],
  world: World,
): fc.Arbitrary<{ options: Record<string, OptionValue>; focused?: string }> {
  const entries = definitions.map((option) => {
    const value = valueFor(option, world);
    const required = 'required' in option && option.required === true;
    return fc.tuple(fc.constant(option.name), required ? value : fc.option(value, { nil: undefined }));
  });
  const autocompleted = definitions.filter((option) => 'autocomplete' in option && option.autocomplete);
  return fc
    .record({
      pairs: fc.tuple(...entries),
      focused: fc.option(fc.constantFrom(...autocompleted.map((option) => option.name), '(none)'), {
        nil: undefined,
      }),
    })
    .map(({ pairs, focused }) => {
      const options: Record<string, OptionValue> = {};
      for (const [name, value] of pairs) if (value !== undefined) options[name] = value;
      const focusedName = autocompleted.length > 0 && focused && focused !== '(none)' ? focused : undefined;
      if (focusedName && typeof options[focusedName] !== 'string') options[focusedName] = '';
      return { options, focused: focusedName };
    });
}

function interactionArbitrary(world: World): fc.Arbitrary<GeneratedInteraction> {
  const perCommand = commands.filter(isSlashCommand).map((command) => {
    const options = (command.data.options ?? []) as APIApplicationCommandOption[];
    const subcommands = options.filter((option) => option.type === ApplicationCommandOptionType.Subcommand);
    const shaped =
      subcommands.length > 0
        ? fc.constantFrom(...subcommands).chain((sub) =>
            optionsFor(('options' in sub ? sub.options : undefined) ?? [], world).map((generated) => ({
              subcommand: sub.name,
              ...generated,
            })),
          )
        : optionsFor(options, world).map((generated) => ({ subcommand: undefined, ...generated }));
    return shaped.map((generated) => ({ command: command.data.name, ...generated }));
  });
  return fc
    .tuple(
      fc.oneof(...perCommand),
      fc.bigInt({ min: 200_000_000_000_000_000n, max: 299_999_999_999_999_999n }),
    )
    .map(([generated, user]) => ({ ...generated, userId: user.toString() }));
}

/** Every string a message shows: content, and each text part of each embed. */
function textsOf(message: Pick<EmulatedMessage, 'content' | 'embeds'>): string[] {
  const texts = [message.content ?? ''];
  for (const embed of (message.embeds ?? []) as Record<string, unknown>[]) {
    for (const key of ['title', 'description'])
      if (typeof embed[key] === 'string') texts.push(embed[key] as string);
    const footer = embed.footer as { text?: string } | undefined;
    if (footer?.text) texts.push(footer.text);
    for (const field of (embed.fields ?? []) as { name: string; value: string }[])
      texts.push(field.name, field.value);
  }
  return texts;
}

const mentionOutsideCode = /@everyone|@here|<@[!&]?\d+>/;

/** Problems with one message the bot sent, or none. */
function messageProblems(
  message: EmulatedMessage,
  { shown, pinged }: { shown: readonly string[]; pinged: readonly string[] },
): string[] {
  const problems: string[] = [];
  const allowed = message.allowed_mentions as
    | { parse?: unknown[]; roles?: string[]; users?: string[] }
    | undefined;
  if (!allowed) problems.push('no allowed_mentions');
  else {
    if ((allowed.parse ?? []).length > 0)
      problems.push(`allowed_mentions.parse ${JSON.stringify(allowed.parse)}`);
    if ((allowed.users ?? []).length > 0) problems.push('allowed_mentions.users');
    for (const role of allowed.roles ?? []) if (!pinged.includes(role)) problems.push(`pings role ${role}`);
  }
  for (const text of textsOf(message)) {
    const outsideCode = text.replace(/`[^`]*`/g, '');
    const mention = mentionOutsideCode.exec(outsideCode)?.[0];
    if (mention && !shown.some((role) => mention === `<@&${role}>`)) problems.push(`renders ${mention}`);
    if ((text.match(/`/g)?.length ?? 0) % 2 !== 0) problems.push('an unclosed code span');
  }
  const embeds = (message.embeds ?? []) as Record<string, unknown>[];
  if (embeds.length > DiscordLimits.embedsPerMessage) problems.push('too many embeds');
  if ((message.content ?? '').length > DiscordLimits.messageContent) problems.push('content too long');
  return problems;
}

describe('fuzzing every command and autocomplete', () => {
  let harness: Harness;
  let world: World;

  beforeAll(async () => {
    harness = await startHarness({ environment: { DIGEST_MAX_PER_GUILD: '10' } });
    const { emulator, guild } = harness;
    const other = emulator.addGuild('Another server', [{ name: 'their-digest' }, { name: 'their-general' }]);
    const ownRole = emulator.addRole(guild.id, 'front-watchers');
    const foreignRole = emulator.addRole(other.id, 'their-role');
    // The other server has a subscription of its own that no input here may touch.
    const digests = harness.context.digests;
    if (!digests) throw new Error('digests are not running');
    const theirs = await digests.subscribe({
      guildId: other.id,
      channel: { id: other.channels[0]?.id as string, name: 'their-digest', kind: 'text' },
      schedule: 'daily 08:00',
      requestedBy: '100000000000000001',
    });
    if (!theirs.ok) throw new Error(theirs.reason);
    world = {
      valid: validValues(harness.context.facts),
      guildId: guild.id,
      foreignGuildId: other.id,
      ownChannels: guild.channels.map((channel) => channel.id),
      foreignChannels: other.channels.map((channel) => channel.id),
      ownRoles: [ownRole.id],
      foreignRoles: [foreignRole.id],
      foreignSubscriptionIds: [theirs.value.subscription.id],
    };
  });

  afterAll(async () => {
    await harness.stop();
    await harness.emulator.stop();
    await rm(harness.directory, { recursive: true, force: true });
  });

  it(`answers ${runs.toLocaleString('en')} generated interactions within limits, pinging nobody`, async () => {
    const { emulator, guild } = harness;
    const general = harness.channelId('general');
    const digests = harness.context.digests;
    const theirsBefore = JSON.stringify(digests?.forGuild(world.foreignGuildId));
    let tried = 0;
    let autocompletes = 0;
    await fc.assert(
      fc.asyncProperty(interactionArbitrary(world), async (input) => {
        tried++;
        const requestsBefore = emulator.requests.length;
        const logsBefore = harness.logLines.length;
        const messagesBefore = new Map(
          [...emulator.messages].map(([channel, list]) => [channel, list.length]),
        );
        const extra = {
          subcommand: input.subcommand,
          userId: input.userId,
          memberPermissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages,
          timeoutMs: 10_000,
        };
        const outcome = input.focused
          ? await emulator.invokeAutocomplete(
              guild.id,
              general,
              input.command,
              input.options,
              input.focused,
              extra,
            )
          : await emulator.invokeCommand(guild.id, general, input.command, input.options, extra);
        const problems: string[] = [];
        if (input.focused) {
          autocompletes++;
          if (outcome.status !== 'autocomplete') problems.push(`autocomplete answered ${outcome.status}`);
          else {
            if (outcome.choices.length > DiscordLimits.autocompleteChoices) problems.push('too many choices');
            for (const choice of outcome.choices) {
              if (choice.name.length < 1 || choice.name.length > 100)
                problems.push(`choice name of ${choice.name.length}`);
              if (String(choice.value).length > 100) problems.push('choice value over 100');
            }
          }
        } else if (outcome.status !== 'message') problems.push(`command answered ${outcome.status}`);
        // The role a moderator chose to ping may be shown (a reply confirms it) but only a digest
        // posted in a channel may ping it.
        const pingRole = typeof input.options.ping_role === 'string' ? [input.options.ping_role] : [];
        if (!input.focused && outcome.status === 'message')
          problems.push(...messageProblems(outcome.message, { shown: pingRole, pinged: [] }));
        // Anything posted into a channel meanwhile (an initial digest, a test post) may ping only a
        // role a moderator configured on a subscription.
        const configuredPings = () => [
          ...pingRole,
          ...(digests?.forGuild(guild.id) ?? []).flatMap((subscription) =>
            subscription.pingRoleId ? [subscription.pingRoleId] : [],
          ),
        ];
        for (const [channel, list] of emulator.messages) {
          for (const posted of list.slice(messagesBefore.get(channel) ?? 0))
            problems.push(
              ...messageProblems(posted, { shown: configuredPings(), pinged: configuredPings() }),
            );
        }
        // Discord refused nothing the bot sent.
        for (const request of emulator.requests.slice(requestsBefore)) {
          if (request.status >= 400)
            problems.push(`${request.method} ${request.path} refused with ${request.status}`);
        }
        // Nothing thrown out of a handler (the router would have caught and logged it).
        for (const line of harness.logLines.slice(logsBefore)) {
          if (/"msg":"(command failed|interaction handling failed|autocomplete failed)"/.test(line))
            problems.push(`a handler threw: ${line.slice(0, 300)}`);
        }
        if (problems.length > 0)
          throw new Error(`${problems.join('; ')} for ${JSON.stringify(input).slice(0, 600)}`);
      }),
      { numRuns: runs },
    );

    expect(tried).toBeGreaterThanOrEqual(runs);
    expect(autocompletes).toBeGreaterThan(runs / 20);
    // Nothing thrown out of a handler, nothing another server owns touched.
    const failures = harness.logLines.filter((line) =>
      /"msg":"(command failed|interaction handling failed)"/.test(line),
    );
    expect(failures).toEqual([]);
    expect(JSON.stringify(digests?.forGuild(world.foreignGuildId))).toBe(theirsBefore);
    console.info(`fuzz: ${tried} interactions (${autocompletes} autocomplete), 0 problems`);
  }, 600_000);
});
