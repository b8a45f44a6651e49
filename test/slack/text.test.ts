/** Slack's text formatting undone (incoming) and applied (outgoing). */
import { describe, expect, it } from 'vitest';
import { escapingProblem } from '../../src/slack/message-limits';
import { clip, codeBlock, codeSpan, cutEscaped, decodeSlackText, escapeClip, escapeSlack, link, mention, stripBotMention } from '../../src/slack/text';

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

describe('one escaping helper for every text that reaches Slack', () => {
  // What a user or a server can put in a target name, a SQL text, an SNS alarm description.
  const hostile = ['<!channel>', '<!subteam^S012AB3CD|@dba>', '<https://evil.test|Open report>', '`x` ```y```', 'a && b < c', '<@U123>', '<!here>'];

  it('turns broadcasts, group mentions, disguised links and user mentions into inert text', () => {
    expect(escapeSlack('<!channel>')).toBe('&lt;!channel&gt;');
    expect(escapeSlack('<!subteam^S012AB3CD|@dba>')).toBe('&lt;!subteam^S012AB3CD|@dba&gt;');
    expect(escapeSlack('<https://evil.test|Open report>')).toBe('&lt;https://evil.test|Open report&gt;');
    expect(escapeSlack('a && b')).toBe('a &amp;&amp; b');
    for (const h of hostile) expect(escapingProblem(escapeSlack(h)), h).toBeUndefined();
    // Unescaped, the checker flags them (a link is markup the bot also writes, so only escaping helps there).
    for (const h of ['<!channel>', '<!subteam^S012AB3CD|@dba>', 'a && b < c']) expect(escapingProblem(h), h).toBeDefined();
  });

  it('the checker allows only the markup the bot writes on purpose', () => {
    expect(escapingProblem('<!here> CPU high on <https://console.aws.amazon.com/x|gamedb1>, <@U1> asked')).toBeUndefined();
    expect(escapingProblem('CPU high <!here>')).toMatch(/here/);
    expect(escapingProblem('ping <!channel>')).toMatch(/broadcast/);
    expect(escapingProblem('ping <!subteam^S1>')).toMatch(/broadcast/);
    expect(escapingProblem('a &lt; b &amp;&amp; c &gt; d')).toBeUndefined();
    expect(escapingProblem('a & b')).toMatch(/unescaped/);
  });

  it('code spans and blocks: escaped, and a backtick in the data cannot close them early', () => {
    const span = codeSpan('x` <!channel> `y');
    expect(span.startsWith('`') && span.endsWith('`')).toBe(true);
    expect(span.slice(1, -1)).not.toContain('`');
    expect(escapingProblem(span)).toBeUndefined();
    const block = codeBlock('SELECT 1; ``` <!channel> & ```');
    expect(block.slice(3, -3)).not.toContain('```');
    expect(escapingProblem(block)).toBeUndefined();
    expect(codeBlock('x'.repeat(5000), 100).length).toBeLessThanOrEqual(106);
  });

  it('links carry only safe URLs and escaped labels; mentions only user ids', () => {
    expect(link('https://x.test/r/abc', 'Open <report> & more|x')).toBe('<https://x.test/r/abc|Open &lt;report&gt; &amp; more/x>');
    expect(link('javascript:alert(1)', 'click')).toBe('click');
    expect(link('https://x.test/a|<!channel>', 'click')).toBe('click');
    expect(mention('U123ABC')).toBe('<@U123ABC>');
    expect(mention('<!channel>')).toBe('&lt;!channel&gt;');
    expect(escapeClip('&&&&', 6)).toBe('&amp;…');
  });
});
