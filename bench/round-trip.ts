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
import type { EmulatedMessage } from '../src/emulator/world.js';
import { type BotKind, startBotProcess, waitUntilAnswering } from './processes.js';
import { type Summary, summarize } from './stats.js';

const token = 'bench.round-trip.0123456789abcdef';

export interface RoundTripResult {
  sitrep: Summary;
  bare: Summary;
  /** The bare bot answering with sitrep's own /status embed: the cost of the bigger reply alone. */
  bareEmbed: Summary;
  /** The bare bot answering a press of that answer's buttons by sending the same page again. */
  bareEmbedPress: Summary;
  /** sitrep turning the page of a /status answer by its Next / Previous button (an update callback): every press. */
  buttonPress: Summary;
  /** The first press after each answer, sent the moment the answer arrived. */
  firstPress: Summary;
  /** The presses after it, as the reader goes on paging. */
  laterPresses: Summary;
}

/** Pages a reader turns after each answer: with the /status itself, within the cooldown of 10 uses. */
export const pagesTurned = 4;

interface ButtonLike {
  type?: number;
  label?: string;
  custom_id?: string;
  disabled?: boolean;
}

/** The custom_id of the enabled Next button, else of Previous: pressing it always turns a page. */
function pageTurn(message: EmulatedMessage): string {
  const buttons = (message.components as { components?: ButtonLike[] }[]).flatMap(
    (row) => row.components ?? [],
  );
  const enabled = (word: string) =>
    buttons.find((button) => button.type === 2 && !button.disabled && button.label?.includes(word));
  const button = enabled('Next') ?? enabled('Previous');
  if (!button?.custom_id) throw new Error('the /status answer has no page buttons to press');
  return button.custom_id;
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
    JSON.stringify({
      embeds: status.embeds,
      components: status.components,
      allowedMentions: status.allowedMentions,
    }),
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
      return {
        kind,
        emulator,
        guild,
        channel,
        bot,
        samples: [] as number[],
        firstPresses: [] as number[],
        laterPresses: [] as number[],
      };
    }),
  );
  // Each interaction comes from a user of its own: one user sending a thousand would meet sitrep's
  // cooldown (10 uses in 20 s) and the figures would time refusals, not answers.
  let users = 0;
  const nextUser = () => String(300_000_000_000_000_000n + BigInt(++users));
  // Alternate blocks so drift in the machine's load falls on both alike.
  const blocks = 4;
  for (let block = 0; block < blocks; block++) {
    for (const setup of setups) {
      const count = Math.ceil(interactions / blocks) + (block === 0 ? warmup : 0);
      for (let index = 0; index < count; index++) {
        const userId = nextUser();
        const askStatus = async () => {
          const started = performance.now();
          const answer = await setup.emulator.invokeCommand(
            setup.guild.id,
            setup.channel,
            'status',
            { region: 'kursk' },
            { userId },
          );
          if (answer.status !== 'message') throw new Error(`${setup.kind}: ${answer.status}`);
          return { answer, elapsed: performance.now() - started };
        };
        const { answer: outcome, elapsed } = await askStatus();
        if (setup.kind === 'sitrep' && outcome.ephemeral) throw new Error('sitrep refused /status');
        const warming = block === 0 && index < warmup;
        if (!warming) setup.samples.push(elapsed);
        if (setup.kind === 'bare') {
          // The pong bot's user sends as many interactions in a row as the others' do (a command and
          // its page turns), so all are timed in the same rhythm and with as many samples.
          for (let turn = 0; turn < pagesTurned; turn++) {
            const again = await askStatus();
            if (!warming) setup.samples.push(again.elapsed);
          }
          continue;
        }
        // The same user pages through the answer they asked for: updates in place, one after another.
        let message = outcome.message;
        for (let turn = 0; turn < pagesTurned; turn++) {
          const pressedAt = performance.now();
          const pressed = await setup.emulator.invokeComponent(
            setup.guild.id,
            setup.channel,
            message.id,
            pageTurn(message),
            { userId },
          );
          const pressElapsed = performance.now() - pressedAt;
          if (pressed.status !== 'message' || !pressed.updated) throw new Error(`press: ${pressed.status}`);
          message = pressed.message;
          if (!warming) (turn === 0 ? setup.firstPresses : setup.laterPresses).push(pressElapsed);
        }
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
    bareEmbedPress: summarize([...(bareEmbed?.firstPresses ?? []), ...(bareEmbed?.laterPresses ?? [])]),
    buttonPress: summarize([...(sitrep?.firstPresses ?? []), ...(sitrep?.laterPresses ?? [])]),
    firstPress: summarize(sitrep?.firstPresses ?? []),
    laterPresses: summarize(sitrep?.laterPresses ?? []),
  };
}
