/**
 * Reads MySQL test-suite `.result` files (mysql-test/SUITE/r/NAME.result): the columns of a SHOW CREATE TABLE,
 * the columns an EXPLAIN note expands `*` to, and result tables (a tab-separated header and its rows).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function fixture(name: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', 'mysql8', name), 'utf8');
}

/** Column names of `CREATE TABLE \`table\` (…)` in the text. */
export function createTableColumns(text: string, table: string): string[] {
  const start = text.indexOf(`CREATE TABLE \`${table}\` (`);
  if (start < 0) throw new Error(`no CREATE TABLE ${table}`);
  const body = text.slice(start, text.indexOf('\n)', start));
  return [...body.matchAll(/^\s+`(\w+)` /gm)].map((m) => m[1]!);
}

/** Column names `performance_schema`.`table`.`X` AS `X` in an EXPLAIN note. */
export function explainNoteColumns(text: string, table: string): string[] {
  const re = new RegExp(`\`${table}\`\\.\`(\\w+)\` AS`, 'g');
  return [...new Set([...text.matchAll(re)].map((m) => m[1]!))];
}

/** Rows of the result table whose header line is exactly `header` (tab-separated), up to the next non-row line. */
export function resultRows(text: string, header: string, occurrence = 0): Record<string, string>[] {
  const lines = text.split('\n');
  let seen = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== header || ++seen !== occurrence) continue;
    const names = header.split('\t');
    const rows: Record<string, string>[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const cells = lines[j]!.split('\t');
      if (cells.length !== names.length) break;
      rows.push(Object.fromEntries(names.map((n, k) => [n, cells[k]!])));
    }
    return rows;
  }
  throw new Error(`no result table with header ${header}`);
}
