// Figure 2: from INTERACTION_CREATE dispatched to the callback received, through the real client in
// its own process, against a bare discord.js bot that answers "pong", in the same run.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerCommands } from '../src/bot/register-commands.js';
import { commands } from '../src/commands/index.js';
import { statusReply } from '../src/commands/status.js';
import { loadFactStore } from '../src/data/load-store.js';
import { DiscordEmulator } from '../src/emulator/discord-emulator.js';
import { type BotKind, startBotProcess, waitUntilAnswering } from './processes.js';
import { type Summary, summarize } from './stats.js';

const token = 'bench.round-trip.0123456789abcdef';

export interface RoundTripResult {
  sitrep: Summary;
  bare: Summary;
  /** The bare bot answering with sitrep's own /status embed: the cost of the bigger reply alone. */
  bareEmbed: Summary;
}

export async function benchRoundTrip({
  interactions,
  warmup,
}: {
  interactions: number;
  warmup: number;
}): Promise<RoundTripResult> {
  const directory = await mkdtemp(join(tmpdir(), 'sitrep-bench-rt-'));
  const replyFile = join(directory, 'reply.json');
  const status = statusReply(await loadFactStore(), 'kursk');
  await writeFile(
    replyFile,
    JSON.stringify({ embeds: status.embeds, allowedMentions: status.allowedMentions }),
  );
  const setups = await Promise.all(
    (['sitrep', 'bare', 'bare-embed'] as BotKind[]).map(async (kind) => {
      const emulator = new DiscordEmulator({ token });
      await emulator.start();
      const guild = emulator.addGuild(`${kind} guild`);
      const channel = guild.channels[0]?.id as string;
      await registerCommands(
        commands.map((command) => command.data),
        { token, apiUrl: emulator.apiUrl, guildId: guild.id },
      );
      const bot = startBotProcess(kind, {
        token,
        apiUrl: emulator.apiUrl,
        storeUrl: `sqlite://${join(directory, `${kind}.sqlite`)}`,
        replyFile,
      });
      await waitUntilAnswering(emulator, guild.id, channel);
      return { kind, emulator, guild, channel, bot, samples: [] as number[] };
    }),
  );
  // Alternate blocks so drift in the machine's load falls on both alike.
  const blocks = 4;
  for (let block = 0; block < blocks; block++) {
    for (const setup of setups) {
      const count = Math.ceil(interactions / blocks) + (block === 0 ? warmup : 0);
      for (let index = 0; index < count; index++) {
        const started = performance.now();
        const outcome = await setup.emulator.invokeCommand(setup.guild.id, setup.channel, 'status', {
          region: 'kursk',
        });
        const elapsed = performance.now() - started;
        if (outcome.status !== 'message') throw new Error(`${setup.kind}: ${outcome.status}`);
        if (!(block === 0 && index < warmup)) setup.samples.push(elapsed);
      }
    }
  }
  for (const setup of setups) {
    await setup.bot.stop();
    await setup.emulator.stop();
  }
  await rm(directory, { recursive: true, force: true });
  const [sitrep, bare, bareEmbed] = setups;
  return {
    sitrep: summarize(sitrep?.samples ?? []),
    bare: summarize(bare?.samples ?? []),
    bareEmbed: summarize(bareEmbed?.samples ?? []),
  };
}
