import { describe, expect, test } from 'vitest';
import { AnswerError, parseAnswer, sanitizeText } from '../../src/ai/schema';

describe('parseAnswer', () => {
  test('reads a JSON object inside ```json fences and prose', () => {
    const text = 'Here you go:\n```json\n{"verdict":"Degraded: CPU","bullets":["a"],"actions":["b"],"sources":[2]}\n```\nThanks';
    expect(parseAnswer(text, 3)).toEqual({ verdict: 'Degraded: CPU', bullets: ['a'], actions: ['b'], sources: [2] });
  });

  test('caps counts and lengths and keeps only known passage numbers', () => {
    const answer = parseAnswer(
      JSON.stringify({
        verdict: `V ${'word '.repeat(60)}`,
        bullets: Array.from({ length: 9 }, (_, i) => `b${i}`),
        actions: Array.from({ length: 7 }, (_, i) => `a${i}`),
        sources: [1, 1, 4, 0, 'x'],
      }),
      3,
    );
    expect(answer.verdict.length).toBeLessThanOrEqual(200);
    expect(answer.verdict.endsWith('…')).toBe(true);
    expect(answer.bullets).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5']);
    expect(answer.actions).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(answer.sources).toEqual([1]);
  });

  test('leaves sources undefined when the model did not give them', () => {
    expect(parseAnswer('{"verdict":"ok","bullets":[],"actions":[]}', 2).sources).toBeUndefined();
  });

  test.each([
    ['not json at all', 'no JSON object'],
    ['{"verdict": "x", ', 'no JSON object'],
    ['{"verdict": 1}', 'verdict is missing'],
    ['{"verdict": "<!here>"}', 'verdict is empty'],
    ['{"verdict": "x", "bullets": "one"}', 'bullets is not a list'],
    ['{"verdict": "x", "actions": [{"a": 1}]}', 'actions holds a non-string item'],
    ['[1, 2]', 'no JSON object'],
    ['{"verdict": "x",}', 'not valid JSON'],
  ])('rejects %s', (text, problem) => {
    expect(() => parseAnswer(text, 0)).toThrow(AnswerError);
    expect(() => parseAnswer(text, 0)).toThrow(problem);
  });
});

describe('sanitizeText', () => {
  test.each([
    ['Ping <!here> and <!channel> now', 'Ping and now'],
    ['Ask <@U123ABC> or <#C42|dba>', 'Ask or'],
    ['See <https://evil.example/x|the runbook>', 'See the runbook'],
    ['See <https://docs.aws.amazon.com/x>', 'See https://docs.aws.amazon.com/x'],
    ['<b>bold</b> <script>alert(1)</script>text <img src=x onerror=y>', 'bold text'],
    ['@here look', 'here look'],
    ['rows > 1000 and cost < 5', 'rows > 1000 and cost < 5'],
    ['broken <!here tag', 'broken ‹!here tag'],
    ['&lt;b&gt; tag', '‹b› tag'],
    ['line\u0000one\nline two\u202e', 'line one line two'],
  ])('%s', (input, output) => {
    expect(sanitizeText(input)).toBe(output);
  });
});
