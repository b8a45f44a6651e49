import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DigestAggregator } from '../../../src/digest/aggregate';
import { digestText } from '../../../src/digest/index';
import { digestReply } from '../../../src/slack/views/digest';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'slowlogs');

type Block = { type: string; text?: { type: string; text: string }; elements?: Array<{ text: string }> };
const sections = (blocks: unknown[]) => (blocks as Block[]).filter((b) => b.type === 'section');

describe('digest Slack view', () => {
  it('renders a header, a summary and one section per class with calls, times, rows and the fingerprint', () => {
    const r = digestText(readFileSync(join(FIXTURES, 'mysql8.slowlog'), 'utf8'));
    const reply = digestReply(r, { title: 'prod-main-1, last 6h' });
    const blocks = reply.blocks as Block[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'Slow-query digest — prod-main-1, last 6h' } });
    expect(blocks[1]!.type).toBe('context');
    expect(blocks[1]!.elements![0]!.text).toContain('5 queries in 4 classes');
    const s = sections(blocks);
    expect(s).toHaveLength(4);
    expect(s[0]!.text!.text).toContain('*1. SELECT purchases*');
    expect(s[0]!.text!.text).toContain('1 calls');
    expect(s[0]!.text!.text).toContain('total 3 s');
    expect(s[0]!.text!.text).toContain('p95 3 s');
    expect(s[0]!.text!.text).toContain('rows examined 2M');
    expect(s[0]!.text!.text).toContain('db `analytics`');
    expect(s[0]!.text!.text).toContain('```select count(*) from purchases where created_at &gt;= ?```');
    expect(reply.text).toContain('5 queries');
  });

  it('never posts the sample (it holds literals)', () => {
    const r = digestText(readFileSync(join(FIXTURES, 'aurora2.slowlog'), 'utf8'));
    const json = JSON.stringify(digestReply(r, { title: 'x' }));
    expect(json).not.toContain('paid');
    expect(json).not.toContain('2024-01-01');
  });

  it('stays within 50 blocks and 3,000 characters per section, cutting long fingerprints', () => {
    const agg = new DigestAggregator();
    const cols = Array.from(
      { length: 2000 },
      (_, i) => `column_with_a_long_name_${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))} < ?`,
    ).join(' and ');
    agg.add({
      ts: NaN,
      user: 'u',
      host: 'h',
      db: 'd',
      queryTime: 100,
      lockTime: 0,
      rowsSent: 0,
      rowsExamined: 0,
      query: `SELECT * FROM t WHERE ${cols}`,
      admin: false,
    });
    for (let i = 0; i < 80; i++) {
      agg.add({
        ts: NaN,
        user: 'u',
        host: 'h',
        db: 'd',
        queryTime: 1 + i,
        lockTime: 0,
        rowsSent: 0,
        rowsExamined: 0,
        query: `SELECT * FROM table_${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))} WHERE a = 1`,
        admin: false,
      });
    }
    const reply = digestReply(agg.result(), { title: 'x'.repeat(400), top: 100 });
    expect(reply.blocks.length).toBeLessThanOrEqual(50);
    const blocks = reply.blocks as Block[];
    expect(blocks[0]!.text!.text.length).toBeLessThanOrEqual(150);
    for (const b of sections(blocks)) expect(b.text!.text.length).toBeLessThanOrEqual(3000);
    const first = sections(blocks)[0]!.text!.text;
    expect(first).toMatch(/…```$/);
    expect(first).not.toMatch(/&[a-z]*…/);
    expect((blocks.at(-1) as Block).elements![0]!.text).toMatch(/more classes not shown/);
  });

  it('says so when there is nothing to show', () => {
    const reply = digestReply(digestText(''), { title: 'quiet' });
    expect(JSON.stringify(reply.blocks)).toContain('No slow queries');
  });
});

describe('distill (the Item column)', () => {
  it('names the verb and the tables, procedures and admin commands', async () => {
    const { distill } = await import('../../../src/digest/format');
    expect(distill('select a from t join u on u.id = t.id where x in(?+)')).toBe('SELECT t u');
    expect(distill('insert into trades (a) select b from listings where id = ?')).toBe('INSERT trades listings');
    expect(distill('call refresh_rank')).toBe('CALL refresh_rank');
    expect(distill('administrator command: Quit')).toBe('ADMIN QUIT');
    expect(distill('update `game`.`items` set a = ?')).toBe('UPDATE game.items');
  });
});
