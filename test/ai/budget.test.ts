import { describe, expect, test } from 'vitest';
import { capText, estimateTokens, fitToBudget } from '../../src/ai/budget';

const item = (n: number) => ({ id: `item-${n}`, text: 'x'.repeat(80) });
const list = (count: number) => Array.from({ length: count }, (_, i) => item(i));

describe('fitToBudget', () => {
  test('keeps everything that fits and reports nothing omitted', () => {
    const fitted = fitToBudget([{ key: 'a', value: list(2), priority: 1 }], 1_000);
    expect(fitted.value).toEqual({ a: list(2) });
    expect(fitted.omitted).toEqual({});
    expect(fitted.overBudget).toBe(false);
    expect(fitted.tokens).toBe(estimateTokens(JSON.stringify(fitted.value)));
  });

  test('drops whole items from the end of the lowest-priority list first', () => {
    const sections = [
      { key: 'findings', value: list(5), priority: 1, required: true },
      { key: 'events', value: list(10), priority: 4 },
    ];
    const full = JSON.stringify({ findings: list(5), events: list(10) }).length;
    const fitted = fitToBudget(sections, Math.floor((full - 500) / 4));
    expect(fitted.value.findings).toEqual(list(5));
    const events = fitted.value.events as unknown[];
    expect(events.length).toBeLessThan(10);
    expect(events).toEqual(list(events.length)); // a prefix: the first (most important) items stay
    expect(fitted.omitted).toEqual({ events: 10 - events.length });
    expect(JSON.stringify(fitted.value).length).toBeLessThanOrEqual(full - 500 - ((full - 500) % 4));
    expect(() => JSON.parse(JSON.stringify(fitted.value))).not.toThrow();
  });

  test('then drops optional sections whole, never the required ones', () => {
    const sections = [
      { key: 'findings', value: list(3), priority: 1, required: true },
      { key: 'notes', value: { text: 'y'.repeat(2_000) }, priority: 2 },
      { key: 'events', value: list(3), priority: 4 },
    ];
    const fitted = fitToBudget(sections, 60);
    expect(Object.keys(fitted.value)).toEqual(['findings']);
    expect(fitted.value.findings).toEqual(list(2)); // cut to fit, never below one item
    expect(fitted.omitted).toEqual({ findings: 1, notes: -1, events: -1 });
    expect(fitted.overBudget).toBe(false);
  });

  test('reports overBudget when the required minimum does not fit', () => {
    const fitted = fitToBudget([{ key: 'findings', value: list(3), priority: 1, required: true }], 5);
    expect(fitted.value.findings).toEqual(list(1));
    expect(fitted.overBudget).toBe(true);
  });
});

test('capText marks what it cut', () => {
  expect(capText('abcdef', 10)).toBe('abcdef');
  expect(capText('abcdefghij', 4)).toBe('abcd … [6 more characters not shown]');
});
