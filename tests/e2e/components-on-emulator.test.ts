// Buttons, menus and the message command through the real discord.js client on the emulator: pages
// turned in place by the person who asked and privately for anyone else, presses after a restart
// and a fact reload, forged ids, DMs of a user install, and no deprecation warning on the way.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkMessageCommandName } from '../../src/commands/check-message.js';
import { factsUpdatedNote } from '../../src/commands/facts-version.js';
import type { ComponentExtra, EmulatedMessage } from '../../src/emulator/discord-emulator.js';
import { readComponents } from '../../src/render/terminal.js';
import { type Harness, messageOf, startHarness } from '../support/bot-harness.js';

/** Every warning the process emits while this file runs: discord.js reports deprecated use this way. */
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
process.on('warning', onWarning);

const otherUser = '300000000000000002';
/** A user of each test's own: presses count towards /status's cooldown per user, as commands do. */
let nextUser = 300000000000000100n;
const freshUser = () => ({ userId: String(nextUser++) });

function footerOf(message: EmulatedMessage): string {
  return ((message.embeds[0] as { footer?: { text?: string } } | undefined)?.footer?.text ?? '').toString();
}

function titleOf(message: EmulatedMessage): string {
  return (message.embeds[0] as { title?: string } | undefined)?.title ?? '';
}

function buttonOf(message: EmulatedMessage, label: string) {
  const found = readComponents(message).buttons.find((button) => button.label.startsWith(label));
  if (!found) throw new Error(`no button "${label}" under ${titleOf(message)}`);
  return found;
}

describe('buttons and menus under answers, on the emulator', () => {
  let harness: Harness;
  let channel: string;

  const run = (name: string, options: Record<string, string | number>, extra: ComponentExtra = {}) =>
    harness.emulator.invokeCommand(harness.guild.id, channel, name, options, extra);
  const press = (message: EmulatedMessage, label: string, extra: ComponentExtra = {}) =>
    harness.emulator.invokeComponent(
      harness.guild.id,
      channel,
      message.id,
      buttonOf(message, label).customId,
      extra,
    );
  const choose = (message: EmulatedMessage, label: string, extra: ComponentExtra = {}) => {
    const menu = readComponents(message).menus[0];
    const option = menu?.options.find((candidate) => candidate.label === label);
    if (!menu || !option) throw new Error(`no option "${label}" under ${titleOf(message)}`);
    return harness.emulator.invokeComponent(harness.guild.id, channel, message.id, menu.customId, {
      ...extra,
      values: [option.value],
    });
  };
  /** The message as the channel now holds it (an update edits it in place). */
  const stored = (id: string) =>
    (harness.emulator.messages.get(channel) ?? []).find((message) => message.id === id) as EmulatedMessage;

  beforeAll(async () => {
    harness = await startHarness({ registerGlobally: true });
    channel = harness.channelId('general');
  });
  afterAll(async () => {
    await harness.stop();
    await harness.emulator.stop();
    await rm(harness.directory, { recursive: true, force: true });
    process.off('warning', onWarning);
  });

  it('pages a long answer forward and back in place, within limits, saying "page 2 of 3"', async () => {
    const asker = freshUser();
    const asked = messageOf(await run('status', { region: 'kursk' }, asker));
    expect(footerOf(asked.message)).toContain('page 1 of 3');
    expect(buttonOf(asked.message, '◀ Previous').disabled).toBe(true);

    const second = messageOf(await press(asked.message, 'Next', asker));
    expect(second).toMatchObject({ updated: true, ephemeral: false, callbacks: [7] });
    expect(second.message.id).toBe(asked.message.id);
    // The map stays on the turned page as the same attachment: kept by id, not uploaded again.
    const [map] = asked.message.attachments;
    expect(map?.filename).toBe('map.png');
    expect(second.message.attachments.map((attachment) => attachment.id)).toEqual([map?.id]);
    expect((second.message.embeds[0] as { image?: { url?: string } })?.image?.url).toBe(map?.url);
    expect(footerOf(stored(asked.message.id))).toContain('page 2 of 3');
    expect(buttonOf(second.message, '◀ Previous').disabled).toBe(false);

    const third = messageOf(await press(second.message, 'Next', asker));
    expect(footerOf(third.message)).toContain('page 3 of 3');
    expect(buttonOf(third.message, 'Next').disabled).toBe(true);

    const back = messageOf(await press(third.message, '◀ Previous', asker));
    expect(footerOf(back.message)).toContain('page 2 of 3');
    expect(back.text).toContain('Kursk region');
  });

  it('drills down from Kursk region to Sudzha district to Sudzha by the menu, then to its timeline', async () => {
    const asker = freshUser();
    const region = messageOf(await run('status', { region: 'kursk' }, asker));
    const district = messageOf(await choose(region.message, 'Sudzha district', asker));
    expect(district.updated).toBe(true);
    expect(titleOf(district.message)).toBe('Situation: Sudzha district');
    const town = messageOf(await choose(district.message, 'Sudzha', asker));
    expect(titleOf(town.message)).toBe('Situation: Sudzha');
    expect(town.text).toContain(
      "Russia's Defence Ministry** claims: Russian troops have fully secured the town of Sudzha",
    );
    const timeline = messageOf(await press(town.message, 'Timeline', asker));
    expect(titleOf(timeline.message)).toBe('Timeline: Sudzha');
    // The map belongs to the situation; the timeline page drops it.
    expect(timeline.message.attachments).toEqual([]);
    const sources = messageOf(await press(timeline.message, 'Sources', asker));
    expect(titleOf(sources.message)).toBe('Sources: Sudzha');
    expect(stored(region.message.id).id).toBe(region.message.id);
  });

  it('offers More related under an /ask answer that left statements out', async () => {
    const asker = freshUser();
    const answer = messageOf(
      await run('ask', { question: 'how many north korean troops are in kursk' }, asker),
    );
    const related = messageOf(await press(answer.message, 'More related', asker));
    expect(titleOf(related.message)).toBe('More related statements');
    expect(footerOf(related.message)).toContain('page 2 of 2');
    const again = messageOf(await press(related.message, '◀ Previous', asker));
    expect(titleOf(again.message)).toBe('What the sources say');
  });

  it('answers a press in the language of whoever pressed: Ukrainian and Russian readers of an English answer', async () => {
    const asker = freshUser();
    const answer = messageOf(
      await run('ask', { question: 'how many north korean troops are in kursk' }, asker),
    );
    for (const [locale, previous, next] of [
      ['uk', '◀ Назад', 'Далі ▶'],
      ['ru', '◀ Назад', 'Далее ▶'],
    ] as const) {
      const related = messageOf(await press(answer.message, 'More related', { ...freshUser(), locale }));
      expect(related).toMatchObject({ ephemeral: true, callbacks: [4] });
      const labels = readComponents(related.message).buttons.map((button) => [button.label, button.disabled]);
      expect(labels).toEqual([
        [previous, false],
        [next, true],
      ]);
      expect(readComponents(related.message).buttons.every((button) => button.customId.length <= 100)).toBe(
        true,
      );
    }
    // The asker's public answer is left as it was, in English.
    expect(buttonOf(stored(answer.message.id), 'More related').label).toMatch(/^More related \(\d+\)$/);
  });

  it('answers /status in Ukrainian with its pager, places menu and view buttons in Ukrainian, and a Russian reader’s press in Russian', async () => {
    const asker = { ...freshUser(), locale: 'uk' };
    const asked = messageOf(await run('status', { region: 'Курщина' }, asker));
    expect(titleOf(asked.message)).toBe('Ситуація: Курська область');
    expect(buttonOf(asked.message, '◀ Назад').disabled).toBe(true);
    expect(buttonOf(asked.message, 'Хронологія').customId).toMatch(/^v1:[\w-]{6}:timeline:1:kursk-region$/);
    expect(buttonOf(asked.message, 'Джерела').customId).toMatch(/^v1:[\w-]{6}:sources:1:kursk-region$/);
    const [menu] = readComponents(asked.message).menus;
    expect(menu?.placeholder).toBe('Місця в межах: Курська область. Виберіть, щоб перейти нижче');
    expect(menu?.options.length).toBeLessThanOrEqual(25);
    expect(menu?.options.find((option) => option.value === 'place:sudzha')?.label).toBe(
      'Суджа (у межах: Суджанський район)',
    );
    expect(menu?.options.every((option) => option.label.length <= 100)).toBe(true);
    expect(menu?.options.every((option) => (option.description ?? '').length <= 100)).toBe(true);

    // A Russian reader pressing under the Ukrainian answer gets their own copy, in Russian, and the
    // answer stays as it was.
    const russian = messageOf(await press(asked.message, 'Далі', { ...freshUser(), locale: 'ru' }));
    expect(russian).toMatchObject({ ephemeral: true });
    expect(titleOf(russian.message)).toBe('Ситуация: Курская область');
    expect(buttonOf(russian.message, 'Далее ▶')).toBeDefined();
    expect(readComponents(russian.message).menus[0]?.placeholder).toBe(
      'Места в пределах: Курская область. Выберите, чтобы перейти ниже',
    );
    expect(footerOf(stored(asked.message.id))).toMatch(/сторінка 1 з \d/);

    const second = messageOf(await press(asked.message, 'Далі', asker));
    expect(second).toMatchObject({ updated: true, ephemeral: false });
    expect(footerOf(stored(asked.message.id))).toMatch(/сторінка 2 з \d/);
    const district = messageOf(await choose(second.message, 'Суджанський район', asker));
    expect(titleOf(district.message)).toBe('Ситуація: Суджанський район');
    const timeline = messageOf(await press(district.message, 'Хронологія', asker));
    expect(timeline.updated).toBe(true);
  });

  it('shows anyone else the view they pressed for privately, leaving the public answer alone', async () => {
    const asked = messageOf(await run('status', { region: 'kursk' }, freshUser()));
    const private_ = messageOf(await press(asked.message, 'Next', { userId: otherUser }));
    expect(private_).toMatchObject({ ephemeral: true, callbacks: [4] });
    expect(private_.updated).toBeFalsy();
    expect(private_.message.id).not.toBe(asked.message.id);
    expect(footerOf(private_.message)).toContain('page 2 of 3');
    expect(footerOf(stored(asked.message.id))).toContain('page 1 of 3');
    // In their own copy, they are the one who asked: it pages in place.
    const theirs = messageOf(await press(private_.message, 'Next', { userId: otherUser }));
    expect(theirs).toMatchObject({ updated: true, ephemeral: true });
    expect(footerOf(theirs.message)).toContain('page 3 of 3');
    expect(footerOf(stored(asked.message.id))).toContain('page 1 of 3');
  });

  it('answers a forged or stale custom_id with a clear ephemeral note, and keeps answering', async () => {
    const asker = freshUser();
    const asked = messageOf(await run('status', { region: 'kursk' }, asker));
    const forge = (customId: string, values?: string[]) => (payload: Record<string, unknown>) => ({
      ...payload,
      data: { ...(payload.data as object), custom_id: customId, ...(values ? { values } : {}) },
    });
    const next = buttonOf(asked.message, 'Next').customId;
    const forged = messageOf(
      await harness.emulator.invokeComponent(harness.guild.id, channel, asked.message.id, next, {
        ...asker,
        rewrite: forge('v1:AAAAAA:status:1:../../etc/passwd'),
      }),
    );
    expect(forged).toMatchObject({ ephemeral: true, callbacks: [4] });
    expect(forged.message.content).toContain('not one sitrep made');

    const older = messageOf(
      await harness.emulator.invokeComponent(harness.guild.id, channel, asked.message.id, next, {
        ...asker,
        rewrite: forge('v0:AAAAAA:status:1:sudzha'),
      }),
    );
    expect(older.message.content).toContain('a version of sitrep this one cannot read');

    const gone = messageOf(
      await harness.emulator.invokeComponent(harness.guild.id, channel, asked.message.id, next, {
        ...asker,
        rewrite: forge('v1:AAAAAA:status:1:atlantis'),
      }),
    );
    expect(gone.ephemeral).toBe(true);
    expect(gone.message.content).toContain("is no longer in sitrep's facts");

    const menu = readComponents(asked.message).menus[0]?.customId as string;
    const offered = readComponents(asked.message).menus[0]?.options[0]?.value as string;
    const picked = messageOf(
      await harness.emulator.invokeComponent(harness.guild.id, channel, asked.message.id, menu, {
        ...asker,
        values: [offered],
        rewrite: forge(menu, ['place:<@&123456789012345678>']),
      }),
    );
    expect(picked.message.content).toContain('not one sitrep offered');
    expect(footerOf(stored(asked.message.id))).toContain('page 1 of 3');
    expect(harness.logLines.some((line) => line.includes('interaction handling failed'))).toBe(false);
    expect(messageOf(await press(asked.message, 'Next', asker)).updated).toBe(true);
  });

  it('answers any custom_id and any menu values a crafted request carries, without crashing', async () => {
    const asker = freshUser();
    const asked = messageOf(await run('status', { region: 'kursk' }, asker)).message;
    const { buttons, menus } = readComponents(asked);
    const pressed = buttons[1]?.customId as string;
    const menu = menus[0];
    if (!menu) throw new Error('expected the places menu');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 100, unit: 'binary' }),
          fc.string({ maxLength: 60 }).map((tail) => `v1:AAAAAA:status:1:${tail}`),
          fc.string({ maxLength: 60 }).map((tail) => `v1:AAAAAA:ask:2:${tail}`),
        ),
        fc.option(fc.array(fc.string({ maxLength: 100 }), { maxLength: 3 }), { nil: undefined }),
        async (customId, values) => {
          const onMenu = values !== undefined;
          const outcome = await harness.emulator.invokeComponent(
            harness.guild.id,
            channel,
            asked.id,
            onMenu ? menu.customId : pressed,
            {
              ...asker,
              ...(onMenu ? { values: [menu.options[0]?.value as string] } : {}),
              rewrite: (payload) => ({
                ...payload,
                data: { ...(payload.data as object), custom_id: customId, ...(onMenu ? { values } : {}) },
              }),
            },
          );
          const answered = messageOf(outcome);
          // Whatever came in, the public answer is never replaced by it.
          expect(answered.updated === true || answered.ephemeral).toBe(true);
          if (!answered.updated) {
            expect(answered.message.content.length + answered.message.embeds.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(harness.logLines.some((line) => line.includes('interaction handling failed'))).toBe(false);
    expect(harness.logLines.some((line) => line.includes('"level":50'))).toBe(false);
  });

  it('holds button presses to the command’s cooldown', async () => {
    const user = '300000000000000003';
    let current = messageOf(await run('status', { region: 'kursk' }, { userId: user })).message;
    for (let press_ = 0; press_ < 9; press_++) {
      current = messageOf(
        await press(current, press_ % 2 === 0 ? 'Next' : '◀ Previous', { userId: user }),
      ).message;
    }
    const refused = messageOf(await press(current, 'Next', { userId: user }));
    expect(refused.ephemeral).toBe(true);
    expect(refused.message.content).toContain('Easy there: /status (and its buttons) can be used 10 times');
  });

  it('answers a press after a restart, and after the facts changed says so and shows the current ones', async () => {
    const asker = freshUser();
    const asked = messageOf(await run('status', { region: 'kursk' }, asker));
    await harness.restart();
    const afterRestart = messageOf(await press(asked.message, 'Next', asker));
    expect(afterRestart.updated).toBe(true);
    expect(footerOf(afterRestart.message)).toContain('page 2 of 3');
    expect(afterRestart.message.content).toBe('');

    await writeFile(
      join(harness.context.config.factsDirectory as string, 'new.yaml'),
      [
        'facts:',
        '  - id: operator-added-claim',
        '    statement: Russian troops have advanced near the village of Testivka.',
        '    actor: ru-defence-ministry',
        '    status: claimed',
        '    nature: event',
        '    places: [kursk-region]',
        '    topics: [territorial-control]',
        '    sources: [bnt-kursk-article]',
        '    importance: 1',
        '    added: 2027-03-26',
        '',
      ].join('\n'),
    );
    await harness.app.reloadFacts();
    expect(harness.context.facts.fact('operator-added-claim')).toBeDefined();
    const afterReload = messageOf(await press(afterRestart.message, '◀ Previous', asker));
    expect(afterReload.updated).toBe(true);
    expect(afterReload.message.content).toBe(factsUpdatedNote());
    expect(afterReload.text).toContain('Testivka');
    // The page now carries the current facts' fingerprint: the next press has nothing to report.
    const next = messageOf(await press(afterReload.message, 'Next', asker));
    expect(next.message.content).toBe('');
  });

  it('checks a pasted claim about Sudzha privately: the Defence Ministry’s claim and Ukraine’s answer', async () => {
    const posted = harness.emulator.postUserMessage(
      channel,
      'Russia says its troops have fully retaken Sudzha',
      {
        userId: otherUser,
      },
    );
    const checked = messageOf(
      await harness.emulator.invokeMessageCommand(
        harness.guild.id,
        channel,
        checkMessageCommandName,
        posted.id,
      ),
    );
    expect(checked.ephemeral).toBe(true);
    expect(checked.text).toContain(
      "**Russia's Defence Ministry** claims: Russian troops have fully secured the town of Sudzha.",
    );
    expect(checked.text).toContain("**Ukraine's military** has not officially confirmed the loss of Sudzha");

    const picture = harness.emulator.postUserMessage(channel, '', {
      attachments: [{ filename: 'map.png', content_type: 'image/png' }],
    });
    const nothing = messageOf(
      await harness.emulator.invokeMessageCommand(
        harness.guild.id,
        channel,
        checkMessageCommandName,
        picture.id,
      ),
    );
    expect(nothing).toMatchObject({ ephemeral: true });
    expect(nothing.message.content).toContain('no words to check');
  });

  it('answers the query commands in a DM of a user install, pages there, and does not offer /digest', async () => {
    const dm = harness.emulator.dmChannel(otherUser);
    const inDm = { context: 'bot-dm', installation: 'user', userId: otherUser } as const;
    const status = messageOf(
      await harness.emulator.invokeCommand(undefined, dm.id, 'status', { region: 'kursk' }, inDm),
    );
    expect(status.ephemeral).toBe(false);
    expect(titleOf(status.message)).toBe('Situation: Kursk region');
    const paged = messageOf(
      await harness.emulator.invokeComponent(
        undefined,
        dm.id,
        status.message.id,
        buttonOf(status.message, 'Next').customId,
        inDm,
      ),
    );
    expect(paged.updated).toBe(true);
    expect(footerOf(paged.message)).toContain('page 2 of 3');

    const group = harness.emulator.groupDmChannel(otherUser);
    const inGroup = { context: 'private-channel', installation: 'user', userId: otherUser } as const;
    const ask = messageOf(
      await harness.emulator.invokeCommand(
        undefined,
        group.id,
        'ask',
        { question: 'did russia retake sudzha' },
        inGroup,
      ),
    );
    expect(ask.text).toContain('Disputed.');
    const claim = harness.emulator.postUserMessage(group.id, 'Sudzha has fallen, Moscow says', {
      userId: otherUser,
    });
    const checked = messageOf(
      await harness.emulator.invokeMessageCommand(
        undefined,
        group.id,
        checkMessageCommandName,
        claim.id,
        inGroup,
      ),
    );
    expect(checked.ephemeral).toBe(true);
    expect(checked.text).toContain('Russian troops have fully secured the town of Sudzha');

    await expect(
      harness.emulator.invokeCommand(undefined, dm.id, 'digest', {}, { ...inDm, subcommand: 'list' }),
    ).rejects.toThrow(/integration_types \[0\], not a user install/);
    await expect(
      harness.emulator.invokeCommand(
        undefined,
        dm.id,
        'digest',
        {},
        { context: 'bot-dm', subcommand: 'list' },
      ),
    ).rejects.toThrow(/contexts \[0\], not bot-dm/);
    await expect(
      harness.emulator.invokeCommand(
        harness.guild.id,
        channel,
        'digest',
        {},
        { installation: 'user', subcommand: 'list' },
      ),
    ).rejects.toThrow();
  });

  it('emits no deprecation warning through all of the above', () => {
    const deprecated = warnings.filter(
      (warning) => warning.name === 'DeprecationWarning' || /deprecat/i.test(warning.message),
    );
    expect(deprecated.map((warning) => warning.message)).toEqual([]);
  });
});

describe('a page flip that takes long', () => {
  let harness: Harness;
  afterEach(async () => {
    await harness.stop();
    await harness.emulator.stop();
    await rm(harness.directory, { recursive: true, force: true });
  });

  it('defers the update (type 6) and then edits the page in; another reader’s view defers privately (type 5)', async () => {
    harness = await startHarness({ deferAfterMs: 30 });
    const channel = harness.channelId('general');
    const asked = messageOf(
      await harness.emulator.invokeCommand(harness.guild.id, channel, 'status', { region: 'kursk' }),
    );
    // Drawing the map is what takes long: the flip waits for it past the deferral.
    const { maps } = harness.context;
    const draw = maps.mapOf.bind(maps);
    vi.spyOn(maps, 'mapOf').mockImplementation(async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return draw(...args);
    });
    const next = buttonOf(asked.message, 'Next').customId;
    const flipped = messageOf(
      await harness.emulator.invokeComponent(harness.guild.id, channel, asked.message.id, next),
    );
    expect(flipped).toMatchObject({ updated: true, deferred: true, callbacks: [6] });
    expect(footerOf(flipped.message)).toContain('page 2 of 3');
    const other = messageOf(
      await harness.emulator.invokeComponent(
        harness.guild.id,
        channel,
        asked.message.id,
        buttonOf(flipped.message, 'Next').customId,
        { userId: otherUser },
      ),
    );
    expect(other).toMatchObject({ ephemeral: true, deferred: true, callbacks: [5] });
    expect(footerOf(other.message)).toContain('page 3 of 3');
    expect(footerOf(flipped.message)).toContain('page 2 of 3');
  });
});
