import { describe, expect, it } from 'vitest';
import { placeChoices } from '../src/commands/choices.js';
import { DiscordLimits } from '../src/render/discord-limits.js';
import { bundledStore } from './support/bundled-store.js';

describe('queries over the bundled store', () => {
  it('includes the places inside a region in its facts', async () => {
    const store = await bundledStore();
    const kursk = store.factsForPlace('kursk-region').map((fact) => fact.id);
    expect(kursk).toContain('mod-claims-sudzha');
    expect(kursk).toContain('mod-claims-rubanshchina');
    expect(store.factsForPlace('sudzha').map((fact) => fact.id)).not.toContain('ua-forces-holding-kursk');
  });

  it('finds facts by topic and by actor', async () => {
    const store = await bundledStore();
    expect(store.factsForTopic('north-korea').map((fact) => fact.id)).toContain('moscow-not-confirmed-nk');
    expect(store.factsForActor('ru-emergencies-ministry').map((fact) => fact.id)).toEqual([
      'emergencies-ministry-evacuations',
    ]);
  });

  it('lists the answers to a statement in the order they came', async () => {
    const store = await bundledStore();
    expect(store.responsesTo('moscow-not-confirmed-nk').map((fact) => fact.id)).toEqual([
      'russia-confirms-nk-troops',
      'nk-confirms-troops-kursk',
    ]);
    expect(store.responsesTo('mod-claims-sudzha').map((fact) => fact.id)).toEqual([
      'ua-military-not-confirmed-losses',
      'verification-restricted',
    ]);
  });

  it('orders the timeline by date, oldest first, with dated facts only', async () => {
    const store = await bundledStore();
    const dates = store.timeline().map((fact) => fact.date?.value ?? '');
    expect(dates.length).toBeGreaterThan(10);
    expect([...dates].sort()).toEqual(dates);
    expect(dates[0]).toMatch(/^2024-08/);
  });

  it('answers free-text questions, tolerating typos', async () => {
    const store = await bundledStore();
    expect(store.searchFacts('how far can the long neptune strike', 3)[0]?.fact.id).toBe(
      'long-neptune-range',
    );
    expect(store.searchFacts('how far can the long neptun strke', 3)[0]?.fact.id).toBe('long-neptune-range');
    expect(store.searchFacts('evacuated residents', 3).map((hit) => hit.fact.id)).toContain(
      'emergencies-ministry-evacuations',
    );
    expect(store.searchFacts('zzzz qqqq', 3)).toEqual([]);
  });
});

describe('autocomplete ranking', () => {
  it('matches aliases and transliterations', async () => {
    const store = await bundledStore();
    expect(store.suggestPlaces('Суджа', 5)[0]?.item.id).toBe('sudzha');
    expect(store.suggestPlaces('Kursk oblast', 5)[0]?.item.id).toBe('kursk-region');
    expect(store.suggestPlaces('sudja', 5)[0]?.item.id).toBe('sudzha');
  });

  it('ranks exact before prefix before typo', async () => {
    const store = await bundledStore();
    const ranked = store.suggestPlaces('sud', 5).map((match) => match.item.id);
    expect(ranked.slice(0, 2)).toEqual(['sudzha', 'sudzha-district']);
    expect(store.suggestPlaces('sudzah', 3)[0]?.item.id).toBe('sudzha');
  });

  it('offers at most 25 choices, each within Discord limits, with regions first when nothing is typed', async () => {
    const store = await bundledStore();
    const choices = placeChoices(store, '');
    expect(choices.length).toBeLessThanOrEqual(DiscordLimits.autocompleteChoices);
    expect(choices[0]?.value).toBe('belgorod-region');
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(DiscordLimits.choiceName);
      expect(choice.value.length).toBeLessThanOrEqual(DiscordLimits.choiceValue);
    }
    expect(placeChoices(store, 'Суджа')[0]?.name).toBe(
      'Sudzha (town in Sudzha district, Kursk region, Russia) · matched Суджа',
    );
  });

  it('resolves typed names as well as autocomplete ids', async () => {
    const store = await bundledStore();
    expect(store.resolvePlace('sudzha')?.id).toBe('sudzha');
    expect(store.resolvePlace('  KURSK ')?.id).toBe('kursk-region');
    expect(store.resolvePlace('atlantis')).toBeUndefined();
  });
});
