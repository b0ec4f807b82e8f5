// The custom_id codec: every id sitrep makes reads back to what it was made from, fits Discord's 100
// characters, and anything else (forged, truncated, from another version) is refused with a reason.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  customIdVersion,
  encodePickId,
  encodePickValue,
  encodeViewId,
  normaliseQuestion,
  parseCustomId,
  pickedView,
  type View,
} from '../src/commands/custom-ids.js';
import { maxPage } from '../src/commands/page-option.js';
import { DiscordLimits } from '../src/render/discord-limits.js';

const factsVersion = 'Ab3_-9';
const kebabId = fc.stringMatching(/^[a-z0-9]{1,12}(?:-[a-z0-9]{1,12}){0,3}$/);
const page = fc.integer({ min: 1, max: maxPage });
const question = fc
  .string({ minLength: 1, maxLength: 120, unit: 'grapheme' })
  .map(normaliseQuestion)
  .filter((text) => text !== '');

const view: fc.Arbitrary<View> = fc.oneof(
  fc.record({ kind: fc.constant('status' as const), placeId: kebabId, page }),
  fc.record({
    kind: fc.constant('timeline' as const),
    placeId: fc.option(kebabId, { nil: undefined }),
    page,
  }),
  fc.record({ kind: fc.constant('sources' as const), placeId: fc.option(kebabId, { nil: undefined }), page }),
  fc.record({ kind: fc.constant('topic' as const), topicId: kebabId, page }),
  fc.record({ kind: fc.constant('who' as const), actorId: kebabId, page }),
  fc.record({ kind: fc.constant('ask' as const), question, page: fc.integer({ min: 1, max: maxPage + 1 }) }),
);

/** The view without an absent place, as the parser returns it. */
const canonical = (value: View): View =>
  'placeId' in value && value.placeId === undefined
    ? ({ kind: value.kind, page: value.page } as View)
    : value;

describe('custom_id codec', () => {
  it('round-trips every view it can encode, within 100 characters', () => {
    fc.assert(
      fc.property(view, (shown) => {
        const id = encodeViewId(factsVersion, shown);
        if (id === undefined) return;
        expect(id.length).toBeLessThanOrEqual(DiscordLimits.customId);
        expect(id.startsWith(`${customIdVersion}:${factsVersion}:`)).toBe(true);
        expect(parseCustomId(id)).toEqual({
          ok: true,
          value: { action: 'show', factsVersion, view: canonical(shown) },
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('encodes the ids of real answers', () => {
    expect(encodeViewId(factsVersion, { kind: 'status', placeId: 'kursk-region', page: 2 })).toBe(
      'v1:Ab3_-9:status:2:kursk-region',
    );
    expect(encodeViewId(factsVersion, { kind: 'timeline', page: 1 })).toBe('v1:Ab3_-9:timeline:1:');
    expect(
      encodeViewId(factsVersion, { kind: 'ask', question: '  did russia\nretake: sudzha ', page: 2 }),
    ).toBe('v1:Ab3_-9:ask:2:did russia retake: sudzha');
    expect(encodePickId(factsVersion)).toBe('v1:Ab3_-9:pick');
    expect(parseCustomId('v1:Ab3_-9:pick')).toEqual({ ok: true, value: { action: 'pick', factsVersion } });
  });

  it('makes no id longer than 100 characters, and reads one of exactly 100', () => {
    const header = 'v1:Ab3_-9:ask:2:';
    const fits = 'q'.repeat(DiscordLimits.customId - header.length);
    const exactly = encodeViewId(factsVersion, { kind: 'ask', question: fits, page: 2 });
    expect(exactly).toHaveLength(DiscordLimits.customId);
    expect(parseCustomId(exactly as string).ok).toBe(true);
    expect(encodeViewId(factsVersion, { kind: 'ask', question: `${fits}q`, page: 2 })).toBeUndefined();
    expect(parseCustomId(`${exactly}q`).ok).toBe(false);
    expect(encodeViewId(factsVersion, { kind: 'status', placeId: 'a'.repeat(90), page: 1 })).toBeUndefined();
  });

  it('makes no button for a question it could not read back', () => {
    expect(encodeViewId(factsVersion, { kind: 'ask', question: 'how\u200bfar', page: 2 })).toBeUndefined();
    expect(encodeViewId(factsVersion, { kind: 'ask', question: '   ', page: 2 })).toBeUndefined();
  });

  it.each([
    ['an empty id', ''],
    ['someone else’s id', 'confirm_delete_123'],
    ['no facts version', 'v1::status:1:sudzha'],
    ['a facts version of the wrong length', 'v1:abc:status:1:sudzha'],
    ['a facts version with a colon trick', 'v1:Ab3_-9:status:1'],
    ['an unknown view', 'v1:Ab3_-9:digest:1:sudzha'],
    ['a view in capitals', 'v1:Ab3_-9:STATUS:1:sudzha'],
    ['page 0', 'v1:Ab3_-9:status:0:sudzha'],
    ['a page with a leading zero', 'v1:Ab3_-9:status:01:sudzha'],
    ['a negative page', 'v1:Ab3_-9:status:-1:sudzha'],
    ['a page past the last', `v1:Ab3_-9:status:${maxPage + 1}:sudzha`],
    ['an /ask page past the last', `v1:Ab3_-9:ask:${maxPage + 2}:how far`],
    ['a fractional page', 'v1:Ab3_-9:status:1.5:sudzha'],
    ['a status with no place', 'v1:Ab3_-9:status:1:'],
    ['a place id with capitals', 'v1:Ab3_-9:status:1:Sudzha'],
    ['a place id with spaces', 'v1:Ab3_-9:status:1:sudzha district'],
    ['a place id with a trailing hyphen', 'v1:Ab3_-9:status:1:sudzha-'],
    ['a place id with a path', 'v1:Ab3_-9:status:1:../../etc'],
    ['a topic id with a mention', 'v1:Ab3_-9:topic:1:<@123>'],
    ['an empty question', 'v1:Ab3_-9:ask:2:'],
    ['a question with a newline', 'v1:Ab3_-9:ask:2:how\nfar'],
    ['a question with padding', 'v1:Ab3_-9:ask:2: how far'],
    ['a question with a direction override', 'v1:Ab3_-9:ask:2:how\u202efar'],
    ['a menu id with a page', 'v1:Ab3_-9:pick:1'],
    ['a menu id with a trailing colon', 'v1:Ab3_-9:pick:'],
    ['an id of 101 characters', `v1:Ab3_-9:ask:2:${'q'.repeat(85)}`],
  ])('refuses %s', (_, id) => {
    const parsed = parseCustomId(id);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(/Run the command again/);
  });

  it('says so when a button comes from another version of sitrep', () => {
    const parsed = parseCustomId('v2:Ab3_-9:status:1:sudzha');
    expect(parsed).toEqual({
      ok: false,
      reason:
        'That button comes from a version of sitrep this one cannot read. Run the command again for a fresh answer.',
    });
  });

  it('never throws, and whatever it accepts is what sitrep would have made', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 120, unit: 'binary' }),
          fc
            .tuple(
              fc.constantFrom('v1', 'v2', 'V1', ''),
              fc.constantFrom(factsVersion, 'short', ''),
              fc.constantFrom('status', 'timeline', 'sources', 'topic', 'who', 'ask', 'pick', 'x'),
              fc.oneof(fc.integer({ min: -2, max: 60 }).map(String), fc.string({ maxLength: 3 })),
              fc.string({ maxLength: 90, unit: 'binary' }),
            )
            .map((parts) => parts.join(':')),
        ),
        (id) => {
          const parsed = parseCustomId(id);
          if (!parsed.ok) {
            expect(parsed.reason.length).toBeGreaterThan(0);
            return;
          }
          const request = parsed.value;
          const again =
            request.action === 'pick'
              ? encodePickId(request.factsVersion)
              : encodeViewId(request.factsVersion, request.view);
          expect(again).toBe(id);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('menu values', () => {
  it('reads back what sitrep offers', () => {
    expect(pickedView([encodePickValue({ kind: 'place', id: 'sudzha-district' })])).toEqual({
      ok: true,
      value: { kind: 'status', placeId: 'sudzha-district', page: 1 },
    });
    expect(pickedView(['topic:north-korea'])).toEqual({
      ok: true,
      value: { kind: 'topic', topicId: 'north-korea', page: 1 },
    });
    expect(pickedView(['actor:ru-defence-ministry'])).toEqual({
      ok: true,
      value: { kind: 'who', actorId: 'ru-defence-ministry', page: 1 },
    });
  });

  it.each([
    ['no value', []],
    ['two values', ['place:sudzha', 'place:kursk-region']],
    ['an unknown kind', ['source:bnt']],
    ['no id', ['place:']],
    ['an id with capitals', ['place:Sudzha']],
    ['a value of 101 characters', [`place:${'a'.repeat(95)}`]],
    ['a mention', ['<@&123456789012345678>']],
  ])('refuses %s', (_, values) => {
    const picked = pickedView(values);
    expect(picked.ok).toBe(false);
    if (!picked.ok) expect(picked.reason).toContain('not one sitrep offered');
    for (const [locale, said] of [
      ['uk', 'sitrep не пропонував такого варіанта'],
      ['ru', 'sitrep не предлагал такого варианта'],
    ] as const) {
      const inLocale = pickedView(values, locale);
      expect(inLocale.ok).toBe(false);
      if (!inLocale.ok) expect(inLocale.reason).toContain(said);
    }
  });
});

describe('in the language of whoever pressed', () => {
  it('refuses in Ukrainian and Russian, and reads what it accepts the same in every language', () => {
    for (const [locale, forged, older] of [
      [
        'uk',
        'Цю кнопку чи меню створив не sitrep',
        'Ця кнопка з версії sitrep, яку ця версія не може прочитати',
      ],
      [
        'ru',
        'Эту кнопку или меню создал не sitrep',
        'Эта кнопка из версии sitrep, которую эта версия не может прочитать',
      ],
    ] as const) {
      const refused = parseCustomId('v1:Ab3_-9:status:0:sudzha', locale);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.reason).toContain(forged);
      const other = parseCustomId('v2:Ab3_-9:status:1:sudzha', locale);
      if (!other.ok) expect(other.reason).toContain(older);
      expect(parseCustomId('v1:Ab3_-9:ask:2:чи повернула Росія Суджу', locale)).toEqual(
        parseCustomId('v1:Ab3_-9:ask:2:чи повернула Росія Суджу'),
      );
    }
    expect(parseCustomId('v1:Ab3_-9:ask:2:чи повернула Росія Суджу')).toEqual({
      ok: true,
      value: {
        action: 'show',
        factsVersion,
        view: { kind: 'ask', question: 'чи повернула Росія Суджу', page: 2 },
      },
    });
  });
});
