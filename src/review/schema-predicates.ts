/**
 * Typed predicate checks with the live schema: a string column compared with a number converts every
 * row (no index), which the static rule can only guess from column names. Reads columns through the
 * same SchemaReader (information_schema only).
 */
import { makeContext } from './rules/rule';
import type { SchemaReader } from './schema';
import type { SchemaStatement } from './schema';
import { isOp, isWord } from './statement';
import { identName, isIdent, type Token } from './tokens';
import type { Finding } from './types';
import type { TableName } from './ddl';

type Add = (statement: number, f: Omit<Finding, 'source'>) => void;

const STRING_TYPES = /^(char|varchar|tinytext|text|mediumtext|longtext|enum|set)$/;
const NOT_ALIAS = new Set([
  'WHERE',
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'CROSS',
  'ON',
  'USING',
  'SET',
  'GROUP',
  'ORDER',
  'LIMIT',
  'HAVING',
  'UNION',
  'FORCE',
  'USE',
  'IGNORE',
  'STRAIGHT_JOIN',
  'NATURAL',
  'PARTITION',
  'FOR',
  'LOCK',
  'WINDOW',
]);

/** Tables named after FROM / JOIN / UPDATE / `,` in a FROM list, with their aliases. */
function tableRefs(t: readonly Token[]): { table: TableName; alias: string }[] {
  const out: { table: TableName; alias: string }[] = [];
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    const starts =
      isWord(x, 'FROM', 'JOIN', 'UPDATE', 'STRAIGHT_JOIN') ||
      (isOp(x, ',') && out.length > 0 && x.depth === t[i - 2]?.depth && isIdent(t[i + 1]) && !isOp(t[i + 2], '('));
    if (!starts || !isIdent(t[i + 1]) || isOp(t[i + 2], '(')) continue;
    let j = i + 1;
    let table: TableName = { name: identName(t[j]!) };
    if (isOp(t[j + 1], '.') && isIdent(t[j + 2])) {
      table = { db: table.name, name: identName(t[j + 2]!) };
      j += 2;
    }
    j++;
    if (isWord(t[j], 'AS')) j++;
    const alias = isIdent(t[j]) && !(t[j]!.type === 'word' && NOT_ALIAS.has(t[j]!.upper)) ? identName(t[j]!) : table.name;
    out.push({ table, alias: alias.toLowerCase() });
  }
  return out;
}

export async function checkTypedPredicates(reader: SchemaReader, statements: SchemaStatement[], add: Add): Promise<void> {
  for (const st of statements) {
    if (!['select', 'update', 'delete', 'insert', 'replace'].includes(st.type) || st.tokens.length === 0) continue;
    const refs = tableRefs(st.tokens).filter((r) => reader.key(r.table) !== undefined);
    if (refs.length === 0) continue;
    const ctx = makeContext('', st.tokens, st.tokens, st.type, null);
    const reported = new Set<string>();
    for (const [s, e] of ctx.conditions()) {
      const t = st.tokens.slice(s, e);
      for (let k = 0; k < t.length; k++) {
        if (!isIdent(t[k]) || isOp(t[k - 1], '.') || isOp(t[k + 1], '(')) continue;
        let qualifier: string | undefined;
        let col = identName(t[k]!);
        let j = k + 1;
        if (isOp(t[k + 1], '.') && isIdent(t[k + 2])) {
          qualifier = col.toLowerCase();
          col = identName(t[k + 2]!);
          j = k + 3;
        }
        const op = t[j];
        const numeric =
          (isOp(op, '=', '<>', '!=', '<', '>', '<=', '>=') && t[j + 1]?.type === 'number') ||
          (isWord(op, 'IN') && isOp(t[j + 1], '(') && t[j + 2]?.type === 'number');
        if (!numeric) continue;
        const candidates = qualifier ? refs.filter((r) => r.alias === qualifier) : refs;
        for (const r of candidates) {
          const table = await reader.table(r.table);
          const c = table?.columns.find((x) => x.name.toLowerCase() === col.toLowerCase());
          if (!c || !STRING_TYPES.test(c.dataType)) continue;
          const key = `${r.table.name}.${c.name}`;
          if (reported.has(key)) break;
          reported.add(key);
          add(st.index, {
            rule: 'schema-implicit-conversion',
            severity: 'high',
            message: `${key} is ${c.columnType} but is compared with a number: every row is converted and its index cannot be used`,
            why: "MySQL compares a string column with a number as numbers, row by row ('1abc' = 1 is true). Quote the literal: WHERE col = '123'.",
          });
          break;
        }
      }
    }
  }
}
