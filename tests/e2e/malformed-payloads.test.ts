// Payloads Discord should never send, sent anyway through the gateway: an unknown command, missing
// or mistyped options, a guild-only command from a DM. A clear answer or a logged drop; never a crash.

import { rm } from 'node:fs/promises';
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { malformedOptionsMessage } from '../../src/bot/interaction-router.js';
import { type Harness, messageOf, startHarness } from '../support/bot-harness.js';

describe('malformed and unexpected interactions', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.stop();
    await harness.emulator.stop();
    await rm(harness.directory, { recursive: true, force: true });
  });

  const invoke = (
    name: string,
    options: Record<string, string | number | boolean> = {},
    extra: Parameters<Harness['emulator']['invokeCommand']>[4] = {},
  ) => harness.emulator.invokeCommand(harness.guild.id, harness.channelId('general'), name, options, extra);

  /** Sets option types in the payload to something else than the definition says. */
  const retype = (type: number) => (payload: Record<string, unknown>) => {
    const data = payload.data as { options?: { type: number }[] };
    for (const option of data.options ?? []) option.type = type;
    return payload;
  };

  it('answers an unknown command name', async () => {
    const reply = messageOf(await invoke('launch-missiles'));
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toContain("I don't know the command `/launch-missiles`");
    // A name is shown as code, so whatever a payload claims cannot render as a mention.
    const mention = messageOf(await invoke('@everyone'));
    expect(mention.text).toContain("I don't know the command `/@everyone`");
  });

  it('answers a command missing a required option, or with options of the wrong type', async () => {
    const missing = messageOf(await invoke('status'));
    expect(missing.ephemeral).toBe(true);
    expect(missing.text).toContain(malformedOptionsMessage);
    // region sent as an integer, and as a boolean
    const integer = messageOf(await invoke('status', { region: 'kursk' }, { rewrite: retype(4) }));
    expect(integer.text).toContain(malformedOptionsMessage);
    const boolean = messageOf(await invoke('ask', { question: 'sudzha' }, { rewrite: retype(5) }));
    expect(boolean.text).toContain(malformedOptionsMessage);
    // /digest without its subcommand
    const noSubcommand = messageOf(
      await invoke('digest', {}, { memberPermissions: PermissionFlagsBits.ManageGuild }),
    );
    expect(noSubcommand.text).toContain(malformedOptionsMessage);
  });

  it('answers a guild-only command sent from a direct message', async () => {
    const fromDm = (payload: Record<string, unknown>) => {
      const member = payload.member as { user: unknown };
      const { guild_id: _guild, member: _member, ...rest } = payload;
      return {
        ...rest,
        user: member.user,
        context: 1,
        channel: { id: '300000000000000001', type: ChannelType.DM },
        channel_id: '300000000000000001',
      };
    };
    const reply = messageOf(
      await invoke('digest', {}, { subcommand: 'list', rewrite: fromDm, memberPermissions: 0n }),
    );
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toContain('inside a server, not in direct messages');
  });

  it('logged each as a warning or an answer, never as a crash, and still answers', async () => {
    expect(messageOf(await invoke('status', { region: 'sudzha' })).ephemeral).toBe(false);
    const crashes = harness.logLines.filter((line) =>
      /"msg":"(command failed|interaction handling failed)"/.test(line),
    );
    expect(crashes).toEqual([]);
    expect(harness.logLines.some((line) => line.includes('malformed interaction'))).toBe(true);
  });
});
