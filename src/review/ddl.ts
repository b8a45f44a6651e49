/**
 * Token-level reading of CREATE TABLE, ALTER TABLE and CREATE INDEX: enough structure for the DDL rules
 * and the live-schema checks, and it works where node-sql-parser fails (PARTITION BY, generated columns…).
 */
import { identName, isIdent, stringValue, type Token } from './tokens';
import { closeParen, isOp, isWord, splitCommas, type Range } from './statement';

export interface TableName {
  db?: string;
  name: string;
}

export interface ColumnDef {
  name: string;
  /** Upper-case base type, e.g. VARCHAR, BIGINT. */
  type: string;
  /** Type as written, e.g. varchar(64). */
  typeText: string;
  /** Length/precision arguments, e.g. [64] or [10, 2]. */
  args: string[];
  unsigned: boolean;
  notNull: boolean;
  nullExplicit: boolean;
  hasDefault: boolean;
  /** The DEFAULT value as written (first token, or `expr(…)`), when there is one. */
  defaultValue?: string;
  /** ON UPDATE CURRENT_TIMESTAMP. */
  onUpdate: boolean;
  /** GENERATED ALWAYS AS (…) / AS (…). */
  generated: boolean;
  collate?: string;
  autoIncrement: boolean;
  comment?: string;
  charset?: string;
  primary: boolean;
  unique: boolean;
  /** Column attributes that force table rebuild positions. */
  position?: 'FIRST' | 'AFTER';
}

export interface IndexDef {
  name?: string;
  kind: 'primary' | 'unique' | 'index' | 'fulltext' | 'spatial';
  columns: string[];
}

export interface ForeignKeyDef {
  name?: string;
  columns: string[];
  ref: TableName;
  refColumns: string[];
  onDelete?: string;
  onUpdate?: string;
}

export interface CreateTable {
  table: TableName;
  ifNotExists: boolean;
  temporary: boolean;
  columns: ColumnDef[];
  indexes: IndexDef[];
  foreignKeys: ForeignKeyDef[];
  /** Table options, upper-case keys: ENGINE, CHARSET (CHARACTER SET / DEFAULT CHARSET), COLLATE, COMMENT, AUTO_INCREMENT, PARTITION. */
  options: Map<string, string>;
  asSelect: boolean;
  like: boolean;
}

export type AlterSpec =
  | { kind: 'add-column'; column: ColumnDef }
  | { kind: 'add-index'; index: IndexDef }
  | { kind: 'add-foreign-key'; fk: ForeignKeyDef }
  | { kind: 'drop-column'; name: string }
  | { kind: 'drop-index'; name: string }
  | { kind: 'drop-primary-key' }
  | { kind: 'drop-foreign-key'; name: string }
  | { kind: 'modify-column'; column: ColumnDef; from?: string }
  | { kind: 'rename'; to: string }
  | { kind: 'charset-default'; charset: string }
  | { kind: 'convert-charset'; charset: string }
  | { kind: 'collate-default'; collate: string }
  | { kind: 'add-partition' }
  | { kind: 'engine'; engine: string }
  | { kind: 'algorithm'; value: string }
  | { kind: 'lock'; value: string }
  | { kind: 'other'; text: string };

export interface AlterTable {
  table: TableName;
  specs: AlterSpec[];
}

export interface CreateIndex {
  table: TableName;
  index: IndexDef;
  algorithm?: string;
  lock?: string;
}

/** Reads `name` or `db.name` at i; returns the name and the index after it. */
export function readTableName(t: readonly Token[], i: number): [TableName | undefined, number] {
  if (!isIdent(t[i])) return [undefined, i];
  const first = identName(t[i]!);
  if (isOp(t[i + 1], '.') && isIdent(t[i + 2])) return [{ db: first, name: identName(t[i + 2]!) }, i + 3];
  return [{ name: first }, i + 1];
}

function identList(t: readonly Token[], open: number): [string[], number] {
  const close = closeParen(t, open);
  if (close < 0) return [[], t.length];
  const cols = splitCommas(t, [open + 1, close], t[open]!.depth + 1)
    .map(([s]) => t[s])
    .filter((x): x is Token => isIdent(x))
    .map(identName);
  return [cols, close + 1];
}

function optionValue(t: readonly Token[], i: number): [string, number] {
  if (isOp(t[i], '=')) i++;
  const v = t[i];
  if (!v) return ['', i];
  return [v.type === 'string' ? stringValue(v) : identName(v), i + 1];
}

export function parseColumnDef(t: readonly Token[], [s, e]: Range): ColumnDef | undefined {
  if (!isIdent(t[s]) || !t[s + 1] || t[s + 1]!.type !== 'word') return undefined;
  const col: ColumnDef = {
    name: identName(t[s]!),
    type: t[s + 1]!.upper,
    typeText: t[s + 1]!.text,
    args: [],
    unsigned: false,
    notNull: false,
    nullExplicit: false,
    hasDefault: false,
    onUpdate: false,
    generated: false,
    autoIncrement: false,
    primary: false,
    unique: false,
  };
  let i = s + 2;
  if (isWord(t[s + 1], 'DOUBLE') && isWord(t[i], 'PRECISION')) i++;
  if (isOp(t[i], '(')) {
    const close = closeParen(t, i);
    const end = close < 0 ? e : close;
    col.args = splitCommas(t, [i + 1, end], t[i]!.depth + 1).map(([a, b]) =>
      t
        .slice(a, b)
        .map((x) => x.text)
        .join(''),
    );
    col.typeText += `(${col.args.join(',')})`;
    i = end + 1;
  }
  for (; i < e; i++) {
    const x = t[i]!;
    if (x.depth !== t[s]!.depth) continue;
    if (isWord(x, 'UNSIGNED')) col.unsigned = true;
    else if (isWord(x, 'NOT') && isWord(t[i + 1], 'NULL')) {
      col.notNull = true;
      col.nullExplicit = true;
      i++;
    } else if (isWord(x, 'NULL')) col.nullExplicit = true;
    else if (isWord(x, 'DEFAULT')) {
      col.hasDefault = true;
      const v = t[i + 1];
      if (v) col.defaultValue = v.type === 'string' ? `'${stringValue(v)}'` : v.upper;
    } else if (isWord(x, 'ON') && isWord(t[i + 1], 'UPDATE')) col.onUpdate = true;
    else if ((isWord(x, 'AS') && isOp(t[i + 1], '(')) || isWord(x, 'GENERATED')) col.generated = true;
    else if (isWord(x, 'COLLATE')) col.collate = optionValue(t, i + 1)[0].toLowerCase();
    else if (isWord(x, 'AUTO_INCREMENT')) col.autoIncrement = true;
    else if (isWord(x, 'PRIMARY')) col.primary = true;
    else if (isWord(x, 'UNIQUE')) col.unique = true;
    else if (isWord(x, 'COMMENT') && t[i + 1]?.type === 'string') col.comment = stringValue(t[i + 1]!);
    else if ((isWord(x, 'CHARACTER') && isWord(t[i + 1], 'SET')) || isWord(x, 'CHARSET')) {
      const k = isWord(x, 'CHARSET') ? i + 1 : i + 2;
      col.charset = optionValue(t, k)[0].toLowerCase();
    } else if (isWord(x, 'FIRST')) col.position = 'FIRST';
    else if (isWord(x, 'AFTER')) col.position = 'AFTER';
  }
  return col;
}

function parseIndexDef(t: readonly Token[], [s, e]: Range): IndexDef | undefined {
  let i = s;
  if (isWord(t[i], 'CONSTRAINT')) {
    i++;
    if (isIdent(t[i]) && !isWord(t[i], 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK')) i++;
  }
  let kind: IndexDef['kind'] = 'index';
  if (isWord(t[i], 'PRIMARY')) kind = 'primary';
  else if (isWord(t[i], 'UNIQUE')) kind = 'unique';
  else if (isWord(t[i], 'FULLTEXT')) kind = 'fulltext';
  else if (isWord(t[i], 'SPATIAL')) kind = 'spatial';
  else if (!isWord(t[i], 'INDEX', 'KEY')) return undefined;
  i++;
  if (isWord(t[i], 'KEY', 'INDEX')) i++;
  let name: string | undefined;
  if (isIdent(t[i]) && !isOp(t[i], '(') && !isWord(t[i], 'USING')) name = identName(t[i++]!);
  if (isWord(t[i], 'USING')) i += 2;
  if (!isOp(t[i], '(') || i >= e) return undefined;
  const close = closeParen(t, i);
  const cols = splitCommas(t, [i + 1, close < 0 ? e : close], t[i]!.depth + 1)
    .map(([a]) => t[a])
    .filter((x): x is Token => isIdent(x))
    .map(identName);
  return name === undefined ? { kind, columns: cols } : { name, kind, columns: cols };
}

function parseForeignKey(t: readonly Token[], [s, e]: Range): ForeignKeyDef | undefined {
  let i = s;
  let name: string | undefined;
  if (isWord(t[i], 'CONSTRAINT')) {
    i++;
    if (isIdent(t[i]) && !isWord(t[i], 'FOREIGN')) name = identName(t[i++]!);
  }
  if (!isWord(t[i], 'FOREIGN') || !isWord(t[i + 1], 'KEY')) return undefined;
  i += 2;
  if (isIdent(t[i]) && !isOp(t[i], '(')) i++;
  if (!isOp(t[i], '(')) return undefined;
  const [columns, after] = identList(t, i);
  i = after;
  if (!isWord(t[i], 'REFERENCES')) return undefined;
  const [ref, next] = readTableName(t, i + 1);
  if (!ref) return undefined;
  i = next;
  const [refColumns, after2] = isOp(t[i], '(') ? identList(t, i) : [[], i];
  const fk: ForeignKeyDef = { columns, ref, refColumns };
  if (name !== undefined) fk.name = name;
  for (let k = after2; k < e; k++) {
    if (isWord(t[k], 'ON') && isWord(t[k + 1], 'DELETE', 'UPDATE')) {
      const action = isWord(t[k + 2], 'SET', 'NO') ? `${t[k + 2]!.upper} ${t[k + 3]?.upper ?? ''}` : (t[k + 2]?.upper ?? '');
      if (t[k + 1]!.upper === 'DELETE') fk.onDelete = action;
      else fk.onUpdate = action;
    }
  }
  return fk;
}

function isIndexStart(t: readonly Token[], s: number): boolean {
  if (isWord(t[s], 'CONSTRAINT')) return !isWord(t[s + 1], 'CHECK') && !isWord(t[s + 2], 'CHECK');
  return isWord(t[s], 'PRIMARY', 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'INDEX', 'KEY', 'FOREIGN') && !isOp(t[s + 1], '=');
}

function readTableOptions(t: readonly Token[], from: number, to: number, options: Map<string, string>): void {
  for (let i = from; i < to; i++) {
    const x = t[i]!;
    if (x.depth !== 0 || x.type !== 'word') continue;
    if (x.upper === 'PARTITION' && isWord(t[i + 1], 'BY')) {
      options.set('PARTITION', 'BY');
      break;
    }
    if (x.upper === 'AUTO_INCREMENT') options.set('AUTO_INCREMENT', optionValue(t, i + 1)[0]);
    if (x.upper === 'ENGINE' || x.upper === 'TYPE') options.set('ENGINE', optionValue(t, i + 1)[0].toUpperCase());
    else if (x.upper === 'CHARSET') options.set('CHARSET', optionValue(t, i + 1)[0].toLowerCase());
    else if (x.upper === 'CHARACTER' && isWord(t[i + 1], 'SET')) options.set('CHARSET', optionValue(t, i + 2)[0].toLowerCase());
    else if (x.upper === 'COLLATE') options.set('COLLATE', optionValue(t, i + 1)[0].toLowerCase());
    else if (x.upper === 'COMMENT') options.set('COMMENT', optionValue(t, i + 1)[0]);
  }
}

export function parseCreateTable(t: readonly Token[]): CreateTable | undefined {
  let i = 1;
  const temporary = isWord(t[i], 'TEMPORARY');
  if (temporary) i++;
  if (!isWord(t[i], 'TABLE')) return undefined;
  i++;
  let ifNotExists = false;
  if (isWord(t[i], 'IF') && isWord(t[i + 1], 'NOT') && isWord(t[i + 2], 'EXISTS')) {
    ifNotExists = true;
    i += 3;
  }
  const [table, next] = readTableName(t, i);
  if (!table) return undefined;
  i = next;
  const ct: CreateTable = { table, ifNotExists, temporary, columns: [], indexes: [], foreignKeys: [], options: new Map(), asSelect: false, like: false };
  if (isWord(t[i], 'LIKE')) {
    ct.like = true;
    return ct;
  }
  let after = i;
  if (isOp(t[i], '(')) {
    const close = closeParen(t, i);
    const end = close < 0 ? t.length : close;
    for (const r of splitCommas(t, [i + 1, end], 1)) {
      if (isIndexStart(t, r[0])) {
        const fk = parseForeignKey(t, r);
        if (fk) {
          ct.foreignKeys.push(fk);
          // InnoDB creates an index for a FK when none exists; count it as one.
          continue;
        }
        const idx = parseIndexDef(t, r);
        if (idx) ct.indexes.push(idx);
      } else if (!isWord(t[r[0]], 'CHECK')) {
        const col = parseColumnDef(t, r);
        if (!col) continue;
        ct.columns.push(col);
        if (col.primary) ct.indexes.push({ kind: 'primary', columns: [col.name] });
        else if (col.unique) ct.indexes.push({ kind: 'unique', columns: [col.name] });
      }
    }
    after = end + 1;
  }
  ct.asSelect = t.slice(after).some((x) => x.depth === 0 && isWord(x, 'SELECT'));
  readTableOptions(t, after, t.length, ct.options);
  return ct;
}

export function parseAlterTable(t: readonly Token[]): AlterTable | undefined {
  let i = 1;
  while (isWord(t[i], 'ONLINE', 'IGNORE')) i++;
  if (!isWord(t[i], 'TABLE')) return undefined;
  i++;
  if (isWord(t[i], 'IF') && isWord(t[i + 1], 'EXISTS')) i += 2;
  const [table, next] = readTableName(t, i);
  if (!table) return undefined;
  const specs: AlterSpec[] = [];
  for (const [s, e] of splitCommas(t, [next, t.length], 0)) {
    const text = t
      .slice(s, e)
      .map((x) => x.text)
      .join(' ');
    let k = s;
    const w = t[k];
    if (isWord(w, 'ADD')) {
      k++;
      if (isWord(t[k], 'IF') && isWord(t[k + 2], 'EXISTS')) k += 3;
      if (isWord(t[k], 'PARTITION')) {
        specs.push({ kind: 'add-partition' });
        continue;
      }
      if (isIndexStart(t, k)) {
        const fk = parseForeignKey(t, [k, e]);
        if (fk) specs.push({ kind: 'add-foreign-key', fk });
        else {
          const idx = parseIndexDef(t, [k, e]);
          specs.push(idx ? { kind: 'add-index', index: idx } : { kind: 'other', text });
        }
        continue;
      }
      if (isWord(t[k], 'COLUMN')) k++;
      if (isWord(t[k], 'IF') && isWord(t[k + 2], 'EXISTS')) k += 3;
      if (isOp(t[k], '(')) {
        const close = closeParen(t, k);
        for (const r of splitCommas(t, [k + 1, close < 0 ? e : close], t[k]!.depth + 1)) {
          const c = parseColumnDef(t, r);
          if (c) specs.push({ kind: 'add-column', column: c });
        }
        continue;
      }
      const col = parseColumnDef(t, [k, e]);
      specs.push(col ? { kind: 'add-column', column: col } : { kind: 'other', text });
    } else if (isWord(w, 'DROP')) {
      k++;
      if (isWord(t[k], 'PRIMARY')) specs.push({ kind: 'drop-primary-key' });
      else if (isWord(t[k], 'FOREIGN')) specs.push({ kind: 'drop-foreign-key', name: identName(t[k + 2] ?? t[k]!) });
      else if (isWord(t[k], 'INDEX', 'KEY')) {
        k++;
        if (isWord(t[k], 'IF') && isWord(t[k + 1], 'EXISTS')) k += 2;
        specs.push({ kind: 'drop-index', name: t[k] ? identName(t[k]!) : '' });
      } else if (isWord(t[k], 'CONSTRAINT', 'CHECK', 'PARTITION')) specs.push({ kind: 'other', text });
      else {
        if (isWord(t[k], 'COLUMN')) k++;
        if (isWord(t[k], 'IF') && isWord(t[k + 1], 'EXISTS')) k += 2;
        specs.push({ kind: 'drop-column', name: t[k] ? identName(t[k]!) : '' });
      }
    } else if (isWord(w, 'MODIFY', 'CHANGE')) {
      k++;
      if (isWord(t[k], 'COLUMN')) k++;
      if (isWord(t[k], 'IF') && isWord(t[k + 1], 'EXISTS')) k += 2;
      if (isWord(w, 'CHANGE')) {
        const from = t[k] ? identName(t[k]!) : '';
        const col = parseColumnDef(t, [k + 1, e]);
        specs.push(col ? { kind: 'modify-column', column: col, from } : { kind: 'other', text });
      } else {
        const col = parseColumnDef(t, [k, e]);
        specs.push(col ? { kind: 'modify-column', column: col } : { kind: 'other', text });
      }
    } else if (isWord(w, 'RENAME') && !isWord(t[k + 1], 'COLUMN', 'INDEX', 'KEY')) {
      k++;
      if (isWord(t[k], 'TO', 'AS')) k++;
      specs.push({ kind: 'rename', to: t[k] ? identName(t[k]!) : '' });
    } else if (isWord(w, 'CONVERT')) {
      const cs = t.slice(s, e).findIndex((x) => isWord(x, 'SET', 'CHARSET'));
      specs.push({ kind: 'convert-charset', charset: cs >= 0 ? optionValue(t, s + cs + 1)[0].toLowerCase() : '' });
    } else if (isWord(w, 'DEFAULT', 'CHARACTER', 'CHARSET') && t.slice(s, e).some((x) => isWord(x, 'CHARSET', 'SET'))) {
      const cs = t.slice(s, e).findIndex((x) => isWord(x, 'SET', 'CHARSET'));
      specs.push({ kind: 'charset-default', charset: optionValue(t, s + cs + 1)[0].toLowerCase() });
    } else if (isWord(w, 'DEFAULT', 'COLLATE') && t.slice(s, e).some((x) => isWord(x, 'COLLATE'))) {
      const k2 = t.slice(s, e).findIndex((x) => isWord(x, 'COLLATE'));
      specs.push({ kind: 'collate-default', collate: optionValue(t, s + k2 + 1)[0].toLowerCase() });
    } else if (isWord(w, 'ENGINE')) specs.push({ kind: 'engine', engine: optionValue(t, k + 1)[0].toUpperCase() });
    else if (isWord(w, 'ALGORITHM')) specs.push({ kind: 'algorithm', value: optionValue(t, k + 1)[0].toUpperCase() });
    else if (isWord(w, 'LOCK')) specs.push({ kind: 'lock', value: optionValue(t, k + 1)[0].toUpperCase() });
    else specs.push({ kind: 'other', text });
  }
  return { table, specs };
}

export function parseCreateIndex(t: readonly Token[]): CreateIndex | undefined {
  let i = 1;
  if (isWord(t[i], 'OR') && isWord(t[i + 1], 'REPLACE')) i += 2;
  if (isWord(t[i], 'ONLINE')) i++;
  let kind: IndexDef['kind'] = 'index';
  if (isWord(t[i], 'UNIQUE')) kind = 'unique';
  else if (isWord(t[i], 'FULLTEXT')) kind = 'fulltext';
  else if (isWord(t[i], 'SPATIAL')) kind = 'spatial';
  if (kind !== 'index') i++;
  if (!isWord(t[i], 'INDEX')) return undefined;
  i++;
  if (isWord(t[i], 'IF') && isWord(t[i + 1], 'NOT')) i += 3;
  const name = isIdent(t[i]) && !isWord(t[i], 'ON') ? identName(t[i++]!) : undefined;
  if (isWord(t[i], 'USING')) i += 2;
  if (!isWord(t[i], 'ON')) return undefined;
  const [table, next] = readTableName(t, i + 1);
  if (!table || !isOp(t[next], '(')) return undefined;
  const [columns, after] = identList(t, next);
  const ci: CreateIndex = { table, index: name === undefined ? { kind, columns } : { name, kind, columns } };
  for (let k = after; k < t.length; k++) {
    if (isWord(t[k], 'ALGORITHM')) ci.algorithm = optionValue(t, k + 1)[0].toUpperCase();
    if (isWord(t[k], 'LOCK')) ci.lock = optionValue(t, k + 1)[0].toUpperCase();
  }
  return ci;
}

/** DROP TABLE [IF EXISTS] a, b */
export function parseDropTable(t: readonly Token[]): { tables: TableName[]; ifExists: boolean } | undefined {
  let i = 1;
  if (isWord(t[i], 'TEMPORARY')) i++;
  if (!isWord(t[i], 'TABLE')) return undefined;
  i++;
  let ifExists = false;
  if (isWord(t[i], 'IF') && isWord(t[i + 1], 'EXISTS')) {
    ifExists = true;
    i += 2;
  }
  const tables: TableName[] = [];
  for (const r of splitCommas(t, [i, t.length], 0)) {
    const [name] = readTableName(t, r[0]);
    if (name) tables.push(name);
  }
  return { tables, ifExists };
}
