/** Slack's text formatting undone (incoming) and applied (outgoing). */
import { describe, expect, it } from 'vitest';
import { clip, cutEscaped, decodeSlackText, escapeSlack, stripBotMention } from '../../src/slack/text';

describe('decodeSlackText', () => {
  it('undoes auto-links (schema.table in pasted SQL), channel links, broadcasts and entities', () => {
    expect(decodeSlackText('SELECT * FROM <http://game.users|game.users> WHERE a &lt; 3 &amp;&amp; b &gt; 1')).toBe(
      'SELECT * FROM game.users WHERE a < 3 && b > 1',
    );
    expect(decodeSlackText('<https://x.test/a> in <#C123|ops> to <!here>')).toBe('https://x.test/a in #ops to @here');
  });
});

describe('stripBotMention', () => {
  it('removes the leading mention and any other mention of the bot', () => {
    expect(stripBotMention('<@UBOT>: report gamedb1-1 6h', 'UBOT')).toBe('report gamedb1-1 6h');
    expect(stripBotMention('<@UBOT|dbassist> SELECT 1 -- <@UBOT>', 'UBOT')).toBe('SELECT 1 --');
    expect(stripBotMention('<@UOTHER> hi', 'UBOT')).toBe('<@UOTHER> hi');
  });
});

describe('escaping and cutting', () => {
  it('escapes the three characters Slack requires', () => {
    expect(escapeSlack('a < b && <!channel>')).toBe('a &lt; b &amp;&amp; &lt;!channel&gt;');
  });

  it('clips with an ellipsis, and never cuts an entity in half', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
    const escaped = escapeSlack('aaa<bbb');
    expect(cutEscaped(escaped, 6)).toBe('aaa…');
    expect(cutEscaped(escaped, 100)).toBe(escaped);
  });
});
