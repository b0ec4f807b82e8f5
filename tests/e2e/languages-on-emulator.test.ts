// A server's default language on the emulator, through the production composition root: a moderator
// sets it with /settings, a reader whose own Discord is in English then gets public answers in it,
// while what only they see (an error, /settings itself) stays in their own language.
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeHarness, type Harness, messageOf, startHarness } from '../support/bot-harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await disposeHarness(harness);
});

const moderator = { memberPermissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages };

function settings(subcommand: string, options: Record<string, string> = {}, locale = 'en-US') {
  return harness.emulator.invokeCommand(harness.guild.id, harness.channelId('general'), 'settings', options, {
    ...moderator,
    subcommand,
    locale,
  });
}

const status = (locale = 'en-US') =>
  harness.emulator.invokeCommand(
    harness.guild.id,
    harness.channelId('general'),
    'status',
    { region: 'Sudzha' },
    { locale },
  );

describe('a server’s default language', () => {
  it('answers an English reader’s /status in English while no default is set', async () => {
    const shown = messageOf(await settings('show'));
    expect(shown.ephemeral).toBe(true);
    expect(shown.text).toContain('each reader’s own Discord language (no default set)');
    const reply = messageOf(await status());
    expect(reply.ephemeral).toBeFalsy();
    expect(reply.text).toContain('Situation: Sudzha');
  });

  it('after /settings language, answers a public /status in the server’s language to an English reader', async () => {
    const set = messageOf(await settings('language', { language: 'uk' }));
    expect(set.ephemeral).toBe(true);
    // The moderator reads English: the confirmation is theirs, in English.
    expect(set.text).toContain('Public answers on this server are now in Ukrainian.');
    const reply = messageOf(await status('en-US'));
    expect(reply.ephemeral).toBeFalsy();
    expect(reply.text).toContain('Ситуація: ');
    expect(reply.text).not.toContain('Situation: Sudzha');
    const shownInUkrainian = messageOf(await settings('show', {}, 'uk'));
    expect(shownInUkrainian.text).toContain(
      'Публічні відповіді на цьому сервері: українська (встановив модератор).',
    );
  });

  it('keeps an ephemeral error in the reader’s own language', async () => {
    const refused = messageOf(
      await harness.emulator.invokeCommand(
        harness.guild.id,
        harness.channelId('general'),
        'digest',
        { id: 'nosuch01' },
        { ...moderator, subcommand: 'remove', locale: 'en-US' },
      ),
    );
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain('No digest `nosuch01` on this server. /digest list shows the ids.');
    const inRussian = messageOf(
      await harness.emulator.invokeCommand(
        harness.guild.id,
        harness.channelId('general'),
        'digest',
        { id: 'nosuch01' },
        { ...moderator, subcommand: 'remove', locale: 'ru' },
      ),
    );
    expect(inRussian.text).toContain(
      'На этом сервере нет дайджеста `nosuch01`. Идентификаторы показывает /дайджест список.',
    );
  });

  it('gives a new digest subscription the server’s language, and a chosen one over it', async () => {
    const subscribed = messageOf(
      await harness.digest('subscribe', {
        channel: harness.channelId('front-digest'),
        schedule: 'daily 08:00',
        timezone: 'Europe/Kyiv',
      }),
    );
    expect(subscribed.text).toContain('Language: Ukrainian');
    const posted = harness.posted('front-digest').at(-1) ?? '';
    expect(posted).toContain('Дайджест ситуації');
    const chosen = messageOf(
      await harness.digest('subscribe', {
        channel: harness.channelId('quiet-room'),
        schedule: 'daily 09:00',
        timezone: 'Europe/Kyiv',
        language: 'ru',
      }),
    );
    expect(chosen.text).toContain('Language: Russian');
    expect(harness.posted('quiet-room').at(-1) ?? '').toContain('Дайджест ситуации');
  });

  it('keeps the setting across a restart, and clears it for each reader’s own language again', async () => {
    await harness.restart();
    expect(messageOf(await status('en-US')).text).toContain('Ситуація: ');
    const cleared = messageOf(await settings('language', { language: 'reader' }));
    expect(cleared.text).toContain('This server no longer has a default language');
    expect(messageOf(await status('en-US')).text).toContain('Situation: Sudzha');
    expect(messageOf(await status('ru')).text).toContain('Ситуация: ');
  });
});
