/**
 * Live-schema checks beyond schema.ts, read-only through information_schema (COLUMNS, STATISTICS,
 * TABLES) and the EXPLAIN rows already taken: implicit conversions from real column types and
 * collations, duplicate/redundant existing indexes, GROUP/ORDER BY across tables, column changes that
 * rewrite the table or drop attributes, ON UPDATE columns, primary-key updates, large writes, and
 * index advice (`ALTER TABLE … ADD INDEX`) for statements whose plan scans or sorts.
 */
import { formatCount } from '../core/format';
import type { ReviewConfig } from './config';
import { parseAlterTable, type ColumnDef, type TableName } from './ddl';
import type { Prepared } from './review';
import type { ExtrasLive } from './review-extras';
import { columnRefs, fromTables, isColumnToken, listItems, type TableRef } from './rules/refs';
import { makeContext } from './rules/rule';
import { SchemaReader, type LiveColumn, type LiveIndex, type LiveTable } from './schema';
import { isOp, isWord, type Range } from './statement';
import { identName, isIdent, type Token } from './tokens';
import type { Finding, IndexAdvice } from './types';

export const LIVE_RULE_IDS = [
  'schema-existing-duplicate-index',
  'schema-column-type-rewrite',
  'schema-modify-drops-attributes',
  'schema-update-on-update-column',
  'schema-update-primary-key',
  'schema-too-many-text-columns',
  'schema-group-order-across-tables',
  'schema-join-type-mismatch',
  'large-write',
  'index-advice',
] as const;

const STRINGY = /^(char|varchar|tinytext|text|mediumtext|longtext|enum|set)$/;
const NUMERIC = /^(tinyint|smallint|mediumint|int|bigint|decimal|float|double|bit|year)$/;
const TEMPORAL = /^(date|datetime|timestamp|time)$/;
const LOB = /^(tinytext|text|mediumtext|longtext|tinyblob|blob|mediumblob|longblob)$/;
const lc = (s: string) => s.toLowerCase();
const typeClass = (c: LiveColumn) =>
  STRINGY.test(c.dataType) ? 'string' : NUMERIC.test(c.dataType) ? 'number' : TEMPORAL.test(c.dataType) ? 'temporal' : c.dataType;

interface Resolved {
  ref: TableRef;
  table: LiveTable;
}

/** The live tables of a statement's FROM/UPDATE/DELETE references, keyed by alias. */
async function resolveRefs(reader: SchemaReader, refs: TableRef[]): Promise<Map<string, Resolved>> {
  const out = new Map<string, Resolved>();
  for (const ref of refs) {
    if (ref.derived) continue;
    const name: TableName = ref.db ? { db: ref.db, name: ref.name } : { name: ref.name };
    if (reader.key(name) === undefined) continue;
    const table = await reader.table(name);
    if (table) out.set(ref.alias, { ref, table });
  }
  return out;
}

function statementRefs(p: Prepared): TableRef[] {
  const t = p.tokens;
  const refs: TableRef[] = [];
  const ctx = makeContext('', t, t, p.result.type, null);
  for (const b of ctx.selects()) if (b.from) refs.push(...fromTables(t, b.from, b.depth));
  const w = ctx.write();
  if (w.tables) refs.push(...fromTables(t, w.tables, 0));
  return refs;
}

/** Which resolved table a column reference belongs to (by qualifier, else the only table that has it). */
function owner(tables: Map<string, Resolved>, qualifier: string | undefined, column: string): { r: Resolved; col: LiveColumn } | undefined {
  const cands = qualifier
    ? [tables.get(qualifier) ?? [...tables.values()].find((x) => lc(x.ref.name) === qualifier && !x.ref.aliased)].filter((x): x is Resolved => !!x)
    : [...tables.values()];
  const hits = cands.flatMap((r) => {
    const col = r.table.columns.find((c) => lc(c.name) === lc(column));
    return col ? [{ r, col }] : [];
  });
  return hits.length === 1 ? hits[0] : undefined;
}

function label(r: Resolved, db: string | undefined): string {
  return `${r.ref.db ?? db ?? ''}${r.ref.db || db ? '.' : ''}${r.ref.name}`;
}

/** Existing indexes that duplicate another or are a non-unique left prefix of another. */
export function redundantIndexes(indexes: LiveIndex[]): string[] {
  const out: string[] = [];
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => lc(x) === lc(b[i]!));
  const prefix = (a: string[], b: string[]) => a.length < b.length && a.every((x, i) => lc(x) === lc(b[i]!));
  indexes.forEach((a, i) => {
    for (const [j, b] of indexes.entries()) {
      if (i === j) continue;
      if (same(a.columns, b.columns) && i > j) out.push(`${a.name} (${a.columns.join(', ')}) duplicates ${b.name}`);
      else if (prefix(a.columns, b.columns) && !a.unique)
        out.push(`${a.name} (${a.columns.join(', ')}) is a left prefix of ${b.name} (${b.columns.join(', ')})`);
    }
  });
  return out;
}

/** Whether changing a column from `live` to `def` needs a table copy (ALGORITHM=COPY). */
function rewrites(live: LiveColumn, def: ColumnDef): string | undefined {
  const newType = lc(def.type === 'INTEGER' ? 'int' : def.type);
  const oldArgs =
    /\(([^)]*)\)/
      .exec(live.columnType)?.[1]
      ?.split(',')
      .map((x) => x.trim()) ?? [];
  if (newType !== live.dataType) return `${live.columnType} → ${lc(def.typeText)}`;
  if (/^(varchar|varbinary)$/.test(newType)) {
    const before = Number(oldArgs[0] ?? 0);
    const after = Number(def.args[0] ?? 0);
    if (after < before) return `${live.columnType} → ${lc(def.typeText)} (narrowing truncates data)`;
    // the length prefix grows from 1 to 2 bytes past 255 bytes: in-place only below that boundary
    const bytes = (n: number) => n * (/utf8mb4/.test(live.collation ?? '') ? 4 : /utf8/.test(live.collation ?? '') ? 3 : 1);
    if (bytes(before) <= 255 && bytes(after) > 255) return `${live.columnType} → ${lc(def.typeText)} (crosses the 255-byte length-prefix boundary)`;
    return undefined;
  }
  if (/^(enum|set)$/.test(newType)) {
    const oldVals = oldArgs.join(',');
    const newVals = def.args.join(',').toLowerCase();
    return newVals.startsWith(oldVals) ? undefined : `${live.columnType} → ${lc(def.typeText)} (values changed, not only appended)`;
  }
  if (/unsigned/.test(live.columnType) !== def.unsigned) return `${live.columnType} → ${lc(def.typeText)}${def.unsigned ? ' unsigned' : ''}`;
  if (def.args.length && oldArgs.length && /^(decimal|char|binary|datetime|timestamp|time)$/.test(newType) && def.args.join(',') !== oldArgs.join(','))
    return `${live.columnType} → ${lc(def.typeText)}`;
  if (def.charset && live.collation && !live.collation.startsWith(def.charset)) return `character set ${live.collation.split('_')[0]} → ${def.charset}`;
  return undefined;
}

function droppedAttributes(live: LiveColumn, def: ColumnDef): string[] {
  const out: string[] = [];
  if (live.default !== null && live.default !== undefined && !def.hasDefault && !/auto_increment/.test(live.extra ?? '')) out.push(`DEFAULT ${live.default}`);
  if (live.nullable === false && !def.notNull && !def.primary) out.push('NOT NULL');
  if (/auto_increment/.test(live.extra ?? '') && !def.autoIncrement) out.push('AUTO_INCREMENT');
  if (/on update/.test(live.extra ?? '') && !def.onUpdate) out.push('ON UPDATE CURRENT_TIMESTAMP');
  if (live.comment && def.comment === undefined) out.push(`COMMENT '${live.comment}'`);
  return out;
}

interface Predicates {
  equality: string[];
  range: string[];
}

/** Columns of one table compared with constants (or other tables' columns) in the AND chain of a range. */
function predicatesOf(t: readonly Token[], r: Range, belongs: (q: string | undefined, c: string) => boolean): Predicates {
  const out: Predicates = { equality: [], range: [] };
  const d = t[r[0]]?.depth ?? 0;
  if (t.slice(r[0], r[1]).some((x) => x.depth === d && (isWord(x, 'OR', 'XOR') || isOp(x, '||')))) return out;
  for (let i = r[0]; i < r[1]; i++) {
    if (t[i]!.depth !== d || !isColumnToken(t, i)) continue;
    const q = isOp(t[i - 1], '.') && isIdent(t[i - 2]) ? lc(identName(t[i - 2]!)) : undefined;
    const col = identName(t[i]!);
    if (!belongs(q, col)) continue;
    const op = t[i + 1];
    if (isOp(op, '=', '<=>') || (isWord(op, 'IN') && isOp(t[i + 2], '(') && !isWord(t[i + 3], 'SELECT'))) out.equality.push(col);
    else if (
      isOp(op, '<', '>', '<=', '>=') ||
      isWord(op, 'BETWEEN') ||
      (isWord(op, 'LIKE') && t[i + 2]?.type === 'string' && !/^['"][%_]/.test(t[i + 2]!.text))
    )
      out.range.push(col);
  }
  // `const = col` forms
  for (let i = r[0]; i < r[1]; i++) {
    if (t[i]!.depth !== d || !isOp(t[i], '=') || !(t[i - 1]?.type === 'number' || t[i - 1]?.type === 'string')) continue;
    if (isColumnToken(t, i + 1) && !isOp(t[i + 2], '.')) {
      const col = identName(t[i + 1]!);
      if (belongs(undefined, col)) out.equality.push(col);
    }
  }
  return out;
}

function uniq(cols: string[]): string[] {
  const seen = new Set<string>();
  return cols.filter((c) => !seen.has(lc(c)) && !!seen.add(lc(c)));
}

/** Distinct values of `col` known from an index that starts with it (STATISTICS.CARDINALITY), else undefined. */
function cardinalityOf(table: LiveTable, col: string): number | undefined {
  for (const ix of table.indexes) if (lc(ix.columns[0] ?? '') === lc(col) && ix.cardinality?.[0] != null) return ix.cardinality[0]!;
  return undefined;
}

/** Index advice for one statement: per scanned or sorted table, the columns an index should have. */
async function adviseIndexes(p: Prepared, tables: Map<string, Resolved>, db: string | undefined, largeRows: number): Promise<IndexAdvice[]> {
  const plan = p.result.plan ?? [];
  const t = p.tokens;
  const ctx = makeContext('', t, t, p.result.type, null);
  const out: IndexAdvice[] = [];
  const blocks = ctx.selects().filter((b) => b.depth === Math.min(...ctx.selects().map((x) => x.depth)));
  const where = blocks[0]?.where ?? ctx.write().where;
  const orderBy = blocks[0]?.orderBy ?? ctx.write().orderBy;
  const onRanges: Range[] = [];
  for (let i = 0; i < t.length; i++) {
    if (!isWord(t[i], 'ON') || isWord(t[i + 1], 'DUPLICATE')) continue;
    let j = i + 1;
    while (
      j < t.length &&
      !(t[j]!.depth <= t[i]!.depth && isWord(t[j], 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'CROSS', 'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'STRAIGHT_JOIN', 'NATURAL'))
    )
      j++;
    onRanges.push([i + 1, j]);
  }
  for (const [alias, r] of tables) {
    const rows = plan.filter((x) => x.table !== null && (lc(x.table) === alias || lc(x.table) === lc(r.ref.name)));
    const scans = rows.some((x) => x.type === 'ALL' || x.type === 'index' || (x.key === null && x.type !== 'const' && x.type !== 'system'));
    const sorts = rows.some((x) => /filesort/i.test(x.extra ?? ''));
    if (!scans && !sorts) continue;
    const belongs = (q: string | undefined, c: string) => (q ? q === alias || (!r.ref.aliased && q === lc(r.ref.name)) : owner(tables, undefined, c)?.r === r);
    const pw = where ? predicatesOf(t, where, belongs) : { equality: [], range: [] };
    const joinCols: string[] = [];
    for (const on of onRanges) {
      for (const c of columnRefs(t, on)) if (belongs(c.qualifier, c.column) && isOp(t[c.at + 1], '=')) joinCols.push(c.column);
      for (const c of columnRefs(t, on)) if (belongs(c.qualifier, c.column) && isOp(t[c.at - 1], '=') && !joinCols.includes(c.column)) joinCols.push(c.column);
    }
    // equality columns, most selective first when STATISTICS knows; then one range column; then ORDER BY
    const eq = uniq([...pw.equality, ...joinCols]).filter((c) => r.table.columns.some((x) => lc(x.name) === lc(c)));
    eq.sort((a, b) => (cardinalityOf(r.table, b) ?? -1) - (cardinalityOf(r.table, a) ?? -1));
    const range = uniq(pw.range).filter((c) => !eq.some((e) => lc(e) === lc(c)) && r.table.columns.some((x) => lc(x.name) === lc(c)));
    let sortCols: string[] = [];
    if (orderBy && range.length === 0) {
      const items = listItems(t, orderBy, t[orderBy[0]]?.depth ?? 0).map(([s, e]) => {
        let end = e;
        const desc = isWord(t[end - 1], 'DESC');
        while (end > s && isWord(t[end - 1], 'ASC', 'DESC')) end--;
        const col =
          end - s === 1 && isColumnToken(t, s)
            ? { q: undefined, c: identName(t[s]!) }
            : end - s === 3 && isOp(t[s + 1], '.') && isColumnToken(t, s + 2)
              ? { q: lc(identName(t[s]!)), c: identName(t[s + 2]!) }
              : undefined;
        return col ? { ...col, desc } : undefined;
      });
      if (items.every((x) => x && belongs(x.q, x.c)) && new Set(items.map((x) => x!.desc)).size === 1)
        sortCols = items.map((x) => x!.c).filter((c) => !eq.some((e) => lc(e) === lc(c)));
    }
    const columns = uniq([...eq, ...range.slice(0, 1), ...sortCols]).filter((c) => {
      const col = r.table.columns.find((x) => lc(x.name) === lc(c));
      return col && !LOB.test(col.dataType);
    });
    if (columns.length === 0) continue;
    const covered = r.table.indexes.find((ix) => columns.every((c, i) => lc(ix.columns[i] ?? '') === lc(c)));
    if (covered) continue;
    const name = `idx_${r.ref.name}_${columns.join('_')}`
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .slice(0, 64);
    const tableName = label(r, db);
    const quoted = tableName
      .split('.')
      .map((x) => `\`${x.replace(/`/g, '``')}\``)
      .join('.');
    const reasons: string[] = [];
    if (eq.length)
      reasons.push(
        `equality on ${eq.join(', ')}${eq.some((c) => cardinalityOf(r.table, c) !== undefined) ? ` (ordered by cardinality: ${eq.map((c) => `${c}≈${cardinalityOf(r.table, c) ?? '?'}`).join(', ')})` : ''}`,
      );
    if (range.length) reasons.push(`then the range on ${range[0]}`);
    if (sortCols.length) reasons.push(`then ORDER BY ${sortCols.join(', ')} so the sort is read from the index`);
    const rowsNote =
      r.table.rows >= largeRows
        ? ` The table holds ≈ ${formatCount(r.table.rows)} rows: add it online (ALGORITHM=INPLACE, LOCK=NONE) or with gh-ost/pt-osc.`
        : '';
    out.push({
      table: tableName,
      columns,
      ddl: `ALTER TABLE ${quoted} ADD INDEX \`${name}\` (${columns.map((c) => `\`${c}\``).join(', ')}), ALGORITHM=INPLACE, LOCK=NONE;`,
      reason: `${reasons.join(', ')}.${rowsNote}`,
    });
  }
  return out;
}

export async function liveExtras(live: ExtrasLive, prepared: Prepared[], config: ReviewConfig, _notes: string[]): Promise<void> {
  const reader = new SchemaReader(live.reader, live.database);
  const db = live.database;
  const reportedTables = new Set<string>();
  for (const p of prepared) {
    const r = p.result;
    const add = (f: Omit<Finding, 'source'>) => r.findings.push({ ...f, source: 'schema' });
    if (p.tokens.length === 0) continue;
    if (r.type === 'alter_table') {
      const at = parseAlterTable(p.tokens);
      const table = at ? await reader.table(at.table) : null;
      if (!at || !table) continue;
      const name = `${at.table.db ? `${at.table.db}.` : ''}${at.table.name}`;
      for (const s of at.specs) {
        if (s.kind !== 'modify-column') continue;
        const live0 = table.columns.find((c) => lc(c.name) === lc(s.from ?? s.column.name));
        if (!live0) continue;
        const change = rewrites(live0, s.column);
        if (change)
          add({
            rule: 'schema-column-type-rewrite',
            severity: table.rows >= config.thresholds['large-table-rows'] ? 'high' : 'medium',
            message: `Changing ${name}.${live0.name} (${change}) copies the whole table (≈ ${formatCount(table.rows)} rows)`,
            why: 'A type change other than widening within the same storage format runs as ALGORITHM=COPY: writes are blocked for the copy and replicas lag. Use an online schema change tool, or check ALGORITHM=INPLACE is accepted.',
          });
        const lost = droppedAttributes(live0, s.column);
        if (lost.length)
          add({
            rule: 'schema-modify-drops-attributes',
            severity: 'high',
            message: `${s.from !== undefined ? 'CHANGE' : 'MODIFY'} of ${name}.${live0.name} drops what the column has now: ${lost.join(', ')}`,
            why: 'MODIFY/CHANGE replaces the whole column definition; attributes you do not repeat are removed. Repeat them in the new definition.',
          });
      }
      const lobs =
        table.columns.filter((c) => LOB.test(c.dataType)).length +
        at.specs.filter((s) => s.kind === 'add-column' && /^(TINY|MEDIUM|LONG)?(TEXT|BLOB)$/.test(s.column.type)).length;
      if (
        at.specs.some((s) => s.kind === 'add-column' && /^(TINY|MEDIUM|LONG)?(TEXT|BLOB)$/.test(s.column.type)) &&
        lobs > config.thresholds['max-text-cols-count']
      )
        add({
          rule: 'schema-too-many-text-columns',
          severity: 'low',
          message: `${name} would have ${lobs} TEXT/BLOB columns (max-text-cols-count ${config.thresholds['max-text-cols-count']})`,
          why: 'Each TEXT/BLOB may live off-page and forces on-disk temporary tables. Move large bodies to a side table.',
        });
      continue;
    }
    if (!['select', 'update', 'delete', 'insert', 'replace'].includes(r.type)) continue;
    const tables = await resolveRefs(reader, statementRefs(p));
    if (tables.size === 0) continue;
    for (const x of tables.values()) {
      const key = label(x, db).toLowerCase();
      if (reportedTables.has(key)) continue;
      reportedTables.add(key);
      const red = redundantIndexes(x.table.indexes);
      if (red.length)
        add({
          rule: 'schema-existing-duplicate-index',
          severity: 'medium',
          message: `${label(x, db)} has redundant indexes: ${red.slice(0, 3).join('; ')}`,
          why: 'A duplicate or prefix index costs every write and buffer pool memory and serves no lookup the longer index does not. Drop it after checking it is unused (sys.schema_redundant_indexes).',
        });
    }
    const ctx = makeContext('', p.tokens, p.tokens, r.type, null);
    // implicit conversions: numeric column = 'string' (constant converted; info) and join columns of different types or collations
    for (const [s, e] of ctx.conditions()) {
      const t = p.tokens;
      for (let i = s; i < e; i++) {
        if (!isColumnToken(t, i) || !isOp(t[i + 1], '=', '<', '>', '<=', '>=', '<>', '!=')) continue;
        const q = isOp(t[i - 1], '.') && isIdent(t[i - 2]) ? lc(identName(t[i - 2]!)) : undefined;
        const left = owner(tables, q, identName(t[i]!));
        if (!left) continue;
        const rhs = t[i + 2];
        if (rhs?.type === 'string' && typeClass(left.col) === 'number') {
          add({
            rule: 'schema-implicit-conversion',
            severity: 'info',
            message: `${left.r.ref.name}.${left.col.name} is ${left.col.columnType} but is compared with the string ${rhs.text}`,
            why: 'MySQL converts the string literal to a number once (the index can still be used), but mixed types hide mistakes. Compare numbers with numbers.',
          });
          continue;
        }
        if (rhs && isColumnToken(t, i + 2 + (isOp(t[i + 3], '.') ? 2 : 0))) {
          const rq = isOp(t[i + 3], '.') ? lc(identName(rhs)) : undefined;
          const rc = isOp(t[i + 3], '.') ? identName(t[i + 4]!) : identName(rhs);
          const right = owner(tables, rq, rc);
          if (!right || right.r === left.r) continue;
          const a = typeClass(left.col);
          const b = typeClass(right.col);
          if (a !== b && (a === 'string' || b === 'string'))
            add({
              rule: 'schema-join-type-mismatch',
              severity: 'high',
              message: `${left.r.ref.name}.${left.col.name} (${left.col.columnType}) is joined with ${right.r.ref.name}.${right.col.name} (${right.col.columnType})`,
              why: 'A string column compared with a number is converted row by row, so the index on the string side cannot be used for the join. Give both columns the same type.',
            });
          else if (a === 'string' && b === 'string' && left.col.collation && right.col.collation && left.col.collation !== right.col.collation)
            add({
              rule: 'schema-join-type-mismatch',
              severity: 'medium',
              message: `${left.r.ref.name}.${left.col.name} (${left.col.collation}) is joined with ${right.r.ref.name}.${right.col.name} (${right.col.collation})`,
              why: 'Columns with different collations or character sets are converted for the comparison, and the index of the converted side cannot be used. Use one collation for join columns.',
            });
        }
      }
    }
    // the static name-based guess is replaced by what the schema says
    if (r.findings.some((f) => f.rule === 'implicit-conversion')) {
      const confirmed = r.findings.some((f) => f.rule === 'schema-implicit-conversion' && f.severity === 'high');
      const resolvedAll = ctx.conditions().every(([s, e]) => columnRefs(p.tokens, [s, e]).every((c) => owner(tables, c.qualifier, c.column)));
      if (confirmed || resolvedAll) r.findings = r.findings.filter((f) => f.rule !== 'implicit-conversion');
    }
    // GROUP/ORDER BY across tables, unqualified columns resolved through the schema
    if (!r.findings.some((f) => f.rule === 'group-order-across-tables')) {
      for (const b of ctx.selects()) {
        for (const rr of [b.groupBy, b.orderBy]) {
          if (!rr) continue;
          const owners = new Set(
            columnRefs(p.tokens, rr)
              .map((c) => owner(tables, c.qualifier, c.column)?.r.ref.alias)
              .filter((x): x is string => !!x),
          );
          if (owners.size > 1) {
            add({
              rule: 'schema-group-order-across-tables',
              severity: 'medium',
              message: `GROUP BY / ORDER BY uses columns of ${[...owners].join(', ')}`,
              why: 'No single index can serve the clause, so MySQL builds a temporary table and sorts it. Group/sort by columns of one table.',
            });
            break;
          }
        }
      }
    }
    if (r.type === 'update') {
      const set = ctx.write().set;
      const target = [...tables.values()][0];
      if (set && target && tables.size === 1) {
        const assigned = listItems(p.tokens, set, 0).map(([s]) => lc(identName(isOp(p.tokens[s + 1], '.') ? p.tokens[s + 2]! : p.tokens[s]!)));
        const onUpdate = target.table.columns.filter((c) => /on update/.test(c.extra ?? '') && !assigned.includes(lc(c.name)));
        if (onUpdate.length)
          add({
            rule: 'schema-update-on-update-column',
            severity: 'info',
            message: `${onUpdate.map((c) => c.name).join(', ')} of ${target.ref.name} will be set to the current time by this UPDATE (ON UPDATE CURRENT_TIMESTAMP)`,
            why: 'If this update must not count as a change (a backfill, a fix), assign the column to itself: SET …, last_update = last_update.',
          });
        const pk = target.table.indexes.find((ix) => ix.name === 'PRIMARY')?.columns.map(lc) ?? [];
        const pkSet = assigned.filter((c) => pk.includes(c));
        if (pkSet.length)
          add({
            rule: 'schema-update-primary-key',
            severity: 'medium',
            message: `UPDATE changes primary-key column(s) ${pkSet.join(', ')} of ${target.ref.name}`,
            why: 'The row moves in the clustered index, every secondary index entry is rewritten and references break. Keep primary keys immutable.',
          });
      }
    }
    if ((r.type === 'update' || r.type === 'delete') && r.plan) {
      const rows = Math.max(0, ...r.plan.map((x) => x.rows ?? 0));
      if (rows > config.thresholds['max-update-rows'])
        add({
          rule: 'large-write',
          severity: rows > config.thresholds['max-update-rows'] * 100 ? 'high' : 'medium',
          message: `This ${r.type.toUpperCase()} examines ≈ ${formatCount(rows)} rows (max-update-rows ${formatCount(config.thresholds['max-update-rows'])})`,
          why: 'One large write is one long transaction: row locks, undo, binlog and replica lag all grow with it. Batch it by primary-key ranges (a few thousand rows per statement).',
        });
    }
    if (r.plan && ['select', 'update', 'delete'].includes(r.type)) {
      const advice = await adviseIndexes(p, tables, db, config.thresholds['large-table-rows']);
      if (advice.length) {
        r.advice = advice;
        for (const a of advice)
          add({ rule: 'index-advice', severity: 'low', message: `Suggested index: ${a.ddl}`, why: `The plan scans or sorts ${a.table}. Columns: ${a.reason}` });
      }
    }
  }
}
