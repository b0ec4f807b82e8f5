// Publishing digests in announcement channels, within Discord's 10 publishes an hour, and
// /digest history, through the real discord.js client on the emulator (createApp, SQLite, a manual
// clock driving the schedule).
import { type APIEmbed, ChannelType } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { disposeHarness, eventually, type Harness, messageOf, startHarness } from '../support/bot-harness.js';

const crosspostRoute = 'POST /channels/:id/messages/:id/crosspost';
/** The flag the emulator sets on a published message. */
const crosspostedFlag = 1;

let harness: Harness | undefined;
afterEach(async () => {
  if (harness) await disposeHarness(harness);
  harness = undefined;
});

/** An announcement channel, once the bot's cache has it (subscribing checks permissions there). */
async function addNewsChannel(h: Harness, name = 'front-news'): Promise<string> {
  const news = h.emulator.addChannel(h.guild.id, { name, type: ChannelType.GuildAnnouncement });
  await eventually(
    () => h.bot.client.guilds.cache.get(h.guild.id)?.channels.cache.has(news.id) === true,
    'the bot to see the announcement channel',
  );
  return news.id;
}

const flagsOf = (h: Harness, channelId: string) =>
  (h.emulator.messages.get(channelId) ?? []).map((message) => message.flags & crosspostedFlag);

const subscriptionId = (text: string) => /Id","value":"`([a-z0-9]+)`/.exec(text)?.[1] as string;

describe('published digests in announcement channels', () => {
  it('publishes each digest with publish:true, and refuses publish:true outside announcement channels', async () => {
    harness = await startHarness();
    const h = harness;
    const newsId = await addNewsChannel(h);

    const refused = messageOf(
      await h.digest('subscribe', {
        channel: h.channelId('front-digest'),
        schedule: 'daily 08:00',
        publish: true,
      }),
    );
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain('is not one. Pick an announcement channel, or leave publish out');
    expect(h.context.digests?.forGuild(h.guild.id)).toEqual([]);
    expect(h.posted('front-digest')).toEqual([]);

    const subscribed = messageOf(
      await h.digest('subscribe', {
        channel: newsId,
        schedule: 'daily 08:00',
        timezone: 'Europe/Kyiv',
        publish: true,
      }),
    );
    expect(subscribed.text).toContain('publishes each digest to the servers following the channel');
    const id = subscriptionId(subscribed.text);
    expect(flagsOf(h, newsId)).toEqual([crosspostedFlag]);

    h.clock.set('2027-03-27T06:00:00Z');
    await h.context.digests?.runDue();
    expect(flagsOf(h, newsId)).toEqual([crosspostedFlag, crosspostedFlag]);
    expect(messageOf(await h.digest('list')).text).toContain('Publish: on');
    // A test post is not sent on to the following servers.
    await h.digest('test', { id });
    expect(flagsOf(h, newsId)).toEqual([crosspostedFlag, crosspostedFlag, 0]);
    const history = messageOf(await h.digest('history', { id })).text;
    expect(history.match(/Publication: published/g)).toHaveLength(2);
  });

  it('publishes a digest over the limit later, and /digest list says so meanwhile', async () => {
    harness = await startHarness({
      environment: { DIGEST_MAX_PER_GUILD: '20' },
      emulatorOptions: {
        // Posting is not under test: its bucket is raised so eleven digests are posted at once.
        rateLimits: { routeLimit: 100, routes: { [crosspostRoute]: { limit: 10, windowMs: 3000 } } },
      },
    });
    const h = harness;
    const digests = h.context.digests;
    if (!digests) throw new Error('digests are not running');
    const newsId = await addNewsChannel(h);
    const subscribe = async (hour: number) => {
      const outcome = await digests.subscribe({
        guildId: h.guild.id,
        channel: { id: newsId, name: 'front-news', kind: 'announcement' },
        schedule: `daily ${String(hour).padStart(2, '0')}:00`,
        timeZone: 'Europe/Kyiv',
        publish: true,
        requestedBy: '100000000000000001',
      });
      if (!outcome.ok) throw new Error(outcome.reason);
      return outcome.value;
    };
    for (let hour = 0; hour < 10; hour++) {
      expect((await subscribe(hour)).first.publication).toBe('published');
    }
    const eleventh = await subscribe(10);
    expect(eleventh.first).toMatchObject({ result: 'posted', publication: 'pending' });
    const [limitedMessage] = (h.emulator.messages.get(newsId) ?? []).slice(-1);
    expect(limitedMessage?.flags).toBe(0);

    const list = messageOf(await h.digest('list')).text;
    expect(list).toContain(
      `"name":"${eleventh.subscription.id} · #front-news","value":"<#${newsId}> · every day at 10:00 (Europe/Kyiv)\\nLanguage: English\\nMap: off\\nPublish: on · posted, not yet published (Discord allows 10 publishes an hour)`,
    );
    // Posted once, never again: the retry publishes the same message when Discord allows it.
    const recorded = () =>
      digests.find(h.guild.id, eleventh.subscription.id)?.history.at(-1)?.publication?.state;
    await eventually(() => recorded() === 'published', 'the digest to be published', 8000);
    expect(limitedMessage?.flags).toBe(crosspostedFlag);
    expect(h.emulator.messages.get(newsId)).toHaveLength(11);
    expect(flagsOf(h, newsId)).toEqual(Array.from({ length: 11 }, () => crosspostedFlag));
    const listed = messageOf(await h.digest('list')).text;
    expect(listed).not.toContain('not yet published');
    const history = messageOf(await h.digest('history', { id: eleventh.subscription.id })).text;
    expect(history).toContain('Publication: published');
  });
});

describe('/digest history', () => {
  it('shows the last three deliveries, one failed, with their results, slots and links', async () => {
    harness = await startHarness();
    const h = harness;
    const channelId = h.channelId('front-digest');
    const id = subscriptionId(
      messageOf(
        await h.digest('subscribe', { channel: channelId, schedule: 'daily 08:00', timezone: 'Europe/Kyiv' }),
      ).text,
    );
    h.clock.set('2027-03-27T06:00:00Z');
    await h.context.digests?.runDue();
    h.emulator.failNext(400, { method: 'POST', pathIncludes: `/channels/${channelId}/messages` });
    h.clock.set('2027-03-28T05:00:00Z');
    await h.context.digests?.runDue();
    const posted = (h.emulator.messages.get(channelId) ?? []).map((message) => message.id);
    expect(posted).toHaveLength(2);

    const ids = await h.emulator.invokeAutocomplete(
      h.guild.id,
      h.channelId('general'),
      'digest',
      { id: '' },
      'id',
      { subcommand: 'history' },
    );
    expect(ids.status === 'autocomplete' && ids.choices.map((choice) => choice.value)).toEqual([id]);

    const reply = messageOf(await h.digest('history', { id }));
    expect(reply.ephemeral).toBe(true);
    const embed = reply.message.embeds?.[0] as APIEmbed | undefined;
    expect(embed?.title).toBe(`Delivery history · ${id} · #front-digest`);
    expect(embed?.fields?.map((field) => field.name)).toEqual([
      'failed · slot 2027-03-28 08:00 (Europe/Kyiv)',
      'posted · slot 2027-03-27 08:00 (Europe/Kyiv)',
      'posted · first digest',
    ]);
    const [failed, scheduled, first] = embed?.fields?.map((field) => field.value) ?? [];
    const link = (messageId: string | undefined) =>
      `[Posted message](https://discord.com/channels/${h.guild.id}/${channelId}/${messageId})`;
    expect(failed).toContain(`<t:${Date.parse('2027-03-28T05:00:00Z') / 1000}:F>`);
    expect(failed).toContain('Reason: Discord refused the digest: Injected fault (code 0)');
    expect(failed).not.toContain('Posted message');
    expect(scheduled).toContain(`<t:${Date.parse('2027-03-27T06:00:00Z') / 1000}:F>`);
    expect(scheduled).toContain(link(posted[1]));
    expect(first).toContain(link(posted[0]));
    expect(messageOf(await h.digest('list')).text).toContain('Last delivery: failed');
  });
});
