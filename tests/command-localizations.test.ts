import {
  ApplicationCommandType,
  type LocalizationMap,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../src/commands/index.js';
import { commandLocalizations, localizeCommands } from '../src/i18n/command-localizations.js';

const locales = ['uk', 'ru'] as const;

/** Discord's rule for the name of a chat-input command, subcommand or option (and its localizations). */
const chatInputName = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

interface Node {
  name: string;
  type?: number;
  description?: string;
  name_localizations?: LocalizationMap | null;
  description_localizations?: LocalizationMap | null;
  options?: Node[];
  choices?: { name: string; value: string | number; name_localizations?: LocalizationMap | null }[];
}

interface Level {
  path: string;
  node: Node;
  contextMenu: boolean;
}

/** The registered bodies, as register-commands sends them. */
const bodies = (): RESTPostAPIApplicationCommandsJSONBody[] => commands.map((command) => command.data);

function levelsOf(node: Node, path: string, contextMenu: boolean): Level[] {
  return [
    { path, node, contextMenu },
    ...(node.options ?? []).flatMap((option) => levelsOf(option, `${path}.${option.name}`, false)),
  ];
}

const allLevels = (localized: readonly RESTPostAPIApplicationCommandsJSONBody[]) =>
  localized.flatMap((body) =>
    levelsOf(
      body as Node,
      body.name,
      body.type === ApplicationCommandType.Message || body.type === ApplicationCommandType.User,
    ),
  );

function expectUnique(names: readonly string[], where: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    expect(seen.has(name), `"${name}" appears twice in ${where}`).toBe(false);
    seen.add(name);
  }
}

describe('command localizations', () => {
  const localized = localizeCommands(bodies());

  it('name every command, subcommand and option in Ukrainian and Russian, as Discord allows', () => {
    const levels = allLevels(localized);
    expect(levels.length).toBeGreaterThan(30);
    for (const { path, node, contextMenu } of levels) {
      for (const locale of locales) {
        const name = node.name_localizations?.[locale];
        expect(name, `${path}: ${locale} name`).toBeDefined();
        if (name === undefined || name === null) continue;
        if (contextMenu) {
          expect(name.length, `${path}: ${locale} name "${name}"`).toBeGreaterThanOrEqual(1);
          expect(name.length, `${path}: ${locale} name "${name}"`).toBeLessThanOrEqual(32);
        } else {
          expect(name, `${path}: ${locale} name`).toMatch(chatInputName);
          expect(name, `${path}: ${locale} name must be lower case`).toBe(name.toLocaleLowerCase(locale));
        }
      }
    }
  });

  it('describe every level that has a description, in 1 to 100 characters', () => {
    const described = allLevels(localized).filter(({ node }) => node.description !== undefined);
    expect(described.length).toBeGreaterThan(30);
    for (const { path, node } of described) {
      for (const locale of locales) {
        const description = node.description_localizations?.[locale];
        expect(description, `${path}: ${locale} description`).toBeDefined();
        expect(description?.length, `${path}: ${locale} description "${description}"`).toBeGreaterThanOrEqual(
          1,
        );
        expect(description?.length, `${path}: ${locale} description "${description}"`).toBeLessThanOrEqual(
          100,
        );
      }
    }
  });

  it('name every choice in Ukrainian and Russian, in 1 to 100 characters, each once per option', () => {
    const withChoices = allLevels(localized).filter(({ node }) => (node.choices ?? []).length > 0);
    expect(withChoices.map(({ path }) => path)).toContain('ceasefire.party');
    for (const { path, node } of withChoices) {
      for (const locale of locales) {
        const names = (node.choices ?? []).map((choice) => choice.name_localizations?.[locale] ?? '');
        for (const name of names) {
          expect(name.length, `${path}: ${locale} choice "${name}"`).toBeGreaterThanOrEqual(1);
          expect(name.length, `${path}: ${locale} choice "${name}"`).toBeLessThanOrEqual(100);
        }
        expectUnique(names, `${path} choices (${locale})`);
      }
    }
  });

  it('keep names unique within each level, per locale', () => {
    for (const locale of locales) {
      // Discord keeps command names unique per command type.
      for (const type of new Set(localized.map((body) => body.type ?? ApplicationCommandType.ChatInput))) {
        expectUnique(
          localized
            .filter((body) => (body.type ?? ApplicationCommandType.ChatInput) === type)
            .map((body) => (body as Node).name_localizations?.[locale] ?? body.name),
          `commands of type ${type} (${locale})`,
        );
      }
      for (const { path, node } of allLevels(localized)) {
        expectUnique(
          (node.options ?? []).map((option) => option.name_localizations?.[locale] ?? option.name),
          `${path} (${locale})`,
        );
      }
    }
  });

  it('has no entry for a command, option or choice the command set does not register', () => {
    const paths = new Set(
      allLevels(localized).flatMap(({ path, node }) => [
        path,
        ...(node.choices ?? []).map((choice) => `${path}.choices.${choice.value}`),
      ]),
    );
    expect(Object.keys(commandLocalizations).filter((path) => !paths.has(path))).toEqual([]);
  });

  it('adds localizations only: the input is unchanged, and everything else passes through', () => {
    const original = bodies();
    const before = structuredClone(original);
    const result = localizeCommands(original);
    expect(original).toEqual(before);

    const strip = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(strip);
      if (value && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value)
            .filter(([key]) => key !== 'name_localizations' && key !== 'description_localizations')
            .map(([key, item]) => [key, strip(item)]),
        );
      }
      return value;
    };
    expect(strip(result)).toEqual(strip(before));

    const status = result.find((body) => body.name === 'status') as Node | undefined;
    expect(status?.name_localizations).toEqual({ uk: 'ситуація', ru: 'ситуация' });
    expect(status?.options?.find((option) => option.name === 'region')?.name_localizations).toEqual({
      uk: 'місце',
      ru: 'место',
    });
  });

  it('keeps localizations a body already has for other locales', () => {
    const [first] = localizeCommands([
      {
        name: 'help',
        description: 'What sitrep does and how to ask it',
        name_localizations: { de: 'hilfe' },
      },
    ]);
    expect((first as Node).name_localizations).toEqual({ de: 'hilfe', uk: 'довідка', ru: 'справка' });
  });
});
