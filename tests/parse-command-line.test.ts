import { describe, expect, it } from 'vitest';
import { commands } from '../src/commands/index.js';
import { parseCommandLine } from '../src/playground/parse-command-line.js';

const definitions = commands.map((command) => command.data);

describe('playground command lines', () => {
  it('takes a positional value for the first option', () => {
    expect(parseCommandLine('/status kursk', definitions)).toEqual({
      ok: true,
      name: 'status',
      options: { region: 'kursk' },
    });
    expect(parseCommandLine('/ask how far can long neptune strike', definitions)).toEqual({
      ok: true,
      name: 'ask',
      options: { question: 'how far can long neptune strike' },
    });
  });

  it('takes name:value options, typed by the definition', () => {
    expect(parseCommandLine('/status region:Kursk region page:2', definitions)).toEqual({
      ok: true,
      name: 'status',
      options: { region: 'Kursk region', page: 2 },
    });
    expect(parseCommandLine('ceasefire', definitions)).toEqual({ ok: true, name: 'ceasefire', options: {} });
  });

  it('explains unknown commands, missing options and bad numbers', () => {
    expect(parseCommandLine('/nope', definitions)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('No command /nope'),
    });
    expect(parseCommandLine('/status', definitions)).toMatchObject({
      ok: false,
      reason: '/status needs region:',
    });
    expect(parseCommandLine('/status region:x page:two', definitions)).toMatchObject({
      ok: false,
      reason: 'page must be a number.',
    });
  });

  it('reads a subcommand and leaves channel and role references for the caller to resolve', () => {
    expect(
      parseCommandLine(
        '/digest subscribe channel:#front-digest schedule:daily 08:00 timezone:Europe/Kyiv quiet:yes ping_role:@watchers',
        definitions,
      ),
    ).toEqual({
      ok: true,
      name: 'digest',
      subcommand: 'subscribe',
      options: {
        channel: '#front-digest',
        schedule: 'daily 08:00',
        timezone: 'Europe/Kyiv',
        quiet: true,
        ping_role: '@watchers',
      },
    });
    expect(parseCommandLine('/digest pause abc12345', definitions)).toEqual({
      ok: true,
      name: 'digest',
      subcommand: 'pause',
      options: { id: 'abc12345' },
    });
    expect(parseCommandLine('/digest', definitions)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('/digest needs one of: subscribe, list, remove'),
    });
    expect(parseCommandLine('/digest subscribe channel:#x', definitions)).toMatchObject({
      ok: false,
      reason: '/digest subscribe needs schedule:',
    });
  });
});
