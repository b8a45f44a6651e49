/**
 * Live-schema validation of DDL against information_schema of the target. The only queries are the
 * bot's own parameterised information_schema reads (schema-queries.ts). Tables created, altered or dropped earlier in the
 * same script are taken into account for later statements.
 */
import type { ColumnDef, ForeignKeyDef, IndexDef, TableName } from './ddl';
import { parseAlterTable, parseCreateIndex, parseCreateTable, parseDropTable } from './ddl';
import type { Queryable } from './explain';
import { COLUMNS_QUERY, INDEXES_QUERY, TABLE_QUERY } from './schema-queries';
import type { Token } from './tokens';
import type { Finding, StatementType } from './types';

export interface LiveColumn {
  name: string;
  /** information_schema DATA_TYPE, lower-case (int, varchar…). */
  dataType: string;
  /** COLUMN_TYPE, lower-case (int(10) unsigned, varchar(64)…). */
  columnType: string;
  nullable?: boolean;
  /** COLUMN_DEFAULT as information_schema gives it (null for none / NULL). */
  default?: string | null;
  /** EXTRA, lower-case (auto_increment, on update current_timestamp…). */
  extra?: string;
  collation?: string | null;
  comment?: string;
}

export interface LiveIndex {
  name: string;
  unique: boolean;
  columns: string[];
  /** STATISTICS.CARDINALITY per column position (distinct values of the prefix), when known. */
  cardinality?: (number | null)[];
}

export interface LiveTable {
  engine: string | null;
  rows: number;
  columns: LiveColumn[];
  indexes: LiveIndex[];
}

export interface SchemaStatement {
  index: number;
  type: StatementType;
  tokens: Token[];
}

type Add = (statement: number, f: Omit<Finding, 'source'>) => void;

const fmt = (n: number) => n.toLocaleString('en-US');
const lc = (s: string) => s.toLowerCase();

export class SchemaReader {
  private cache = new Map<string, LiveTable | null>();
  constructor(
    private conn: Queryable,
    readonly defaultDb: string | undefined,
  ) {}

  key(t: TableName): string | undefined {
    const db = t.db ?? this.defaultDb;
    return db === undefined ? undefined : `${lc(db)}.${lc(t.name)}`;
  }

  /** The live table, or null when it does not exist. */
  async table(t: TableName): Promise<LiveTable | null> {
    const key = this.key(t);
    if (key === undefined) return null;
    if (this.cache.has(key)) return this.cache.get(key)!;
    const db = t.db ?? this.defaultDb!;
    const [tables] = (await this.conn.query(TABLE_QUERY, [db, t.name])) as [{ engine: string | null; n: number | null }[], unknown];
    if (tables.length === 0) {
      this.cache.set(key, null);
      return null;
    }
    const [cols] = (await this.conn.query(COLUMNS_QUERY, [db, t.name])) as [
      { name: string; dt: string; ct: string; nl: string; df: string | null; ex: string | null; co: string | null; cm: string | null }[],
      unknown,
    ];
    const [stats] = (await this.conn.query(INDEXES_QUERY, [db, t.name])) as [
      { name: string; nu: number | string; col: string; card: number | string | null }[],
      unknown,
    ];
    const indexes = new Map<string, LiveIndex>();
    for (const s of stats) {
      const idx = indexes.get(s.name) ?? { name: s.name, unique: Number(s.nu) === 0, columns: [], cardinality: [] };
      idx.columns.push(s.col);
      idx.cardinality!.push(s.card === null ? null : Number(s.card));
      indexes.set(s.name, idx);
    }
    const table: LiveTable = {
      engine: tables[0]!.engine,
      rows: Number(tables[0]!.n ?? 0),
      columns: cols.map((c) => ({
        name: c.name,
        dataType: lc(String(c.dt)),
        columnType: lc(String(c.ct)),
        nullable: c.nl === 'YES',
        default: c.df,
        extra: lc(c.ex ?? ''),
        collation: c.co,
        comment: c.cm ?? '',
      })),
      indexes: [...indexes.values()],
    };
    this.cache.set(key, table);
    return table;
  }

  /** Records the effect of a statement of the script for later statements. */
  set(t: TableName, table: LiveTable | null): void {
    const key = this.key(t);
    if (key !== undefined) this.cache.set(key, table);
  }
}

function fromColumnDef(c: ColumnDef): LiveColumn {
  const base = c.type.toLowerCase();
  return { name: c.name, dataType: base === 'integer' ? 'int' : base, columnType: `${c.typeText.toLowerCase()}${c.unsigned ? ' unsigned' : ''}` };
}

const INT_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint']);

/** Whether a FK column and the referenced column have types InnoDB accepts together. */
export function compatibleTypes(child: LiveColumn, parent: LiveColumn): boolean {
  const signed = (c: LiveColumn) => !c.columnType.includes('unsigned');
  if (INT_TYPES.has(child.dataType) || INT_TYPES.has(parent.dataType)) return child.dataType === parent.dataType && signed(child) === signed(parent);
  const family = (c: LiveColumn) => (/char|text/.test(c.dataType) ? 'string' : /binary|blob/.test(c.dataType) ? 'binary' : c.dataType);
  if (family(child) === 'string' && family(parent) === 'string') return true;
  if (child.dataType === 'decimal' || child.dataType === 'datetime' || child.dataType === 'timestamp')
    return child.columnType.replace(/ unsigned/, '') === parent.columnType.replace(/ unsigned/, '');
  return family(child) === family(parent);
}

const hasCol = (t: LiveTable, name: string) => t.columns.some((c) => lc(c.name) === lc(name));
const colOf = (t: LiveTable, name: string) => t.columns.find((c) => lc(c.name) === lc(name));
const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => lc(x) === lc(b[i]!));
const prefix = (a: string[], b: string[]) => a.length < b.length && a.every((x, i) => lc(x) === lc(b[i]!));

async function checkForeignKeys(reader: SchemaReader, at: number, childCols: LiveColumn[], fks: ForeignKeyDef[], add: Add): Promise<void> {
  for (const fk of fks) {
    const parent = await reader.table(fk.ref);
    const ref = `${fk.ref.db ? `${fk.ref.db}.` : ''}${fk.ref.name}`;
    if (!parent) {
      add(at, {
        rule: 'schema-fk-target-missing',
        severity: 'high',
        message: `Foreign key target table ${ref} does not exist`,
        why: 'The statement fails (errno 150/1824). Create the parent table first or fix the name.',
      });
      continue;
    }
    fk.refColumns.forEach((rc, i) => {
      const p = colOf(parent, rc);
      if (!p) {
        add(at, {
          rule: 'schema-fk-column-missing',
          severity: 'high',
          message: `Foreign key references ${ref}.${rc}, which does not exist`,
          why: 'The statement fails. Reference an existing column.',
        });
        return;
      }
      const childName = fk.columns[i];
      const c = childName ? childCols.find((x) => lc(x.name) === lc(childName)) : undefined;
      if (c && !compatibleTypes(c, p))
        add(at, {
          rule: 'schema-fk-type-mismatch',
          severity: 'high',
          message: `Foreign key column ${c.name} (${c.columnType}) does not match ${ref}.${p.name} (${p.columnType})`,
          why: 'InnoDB needs the same integer size and signedness (and compatible string types); otherwise the FK is refused (errno 150). Use the parent column’s exact type.',
        });
    });
    if (
      fk.refColumns.length > 0 &&
      fk.refColumns.every((rc) => hasCol(parent, rc)) &&
      !parent.indexes.some((ix) => same(ix.columns.slice(0, fk.refColumns.length), fk.refColumns))
    ) {
      add(at, {
        rule: 'schema-fk-parent-not-indexed',
        severity: 'high',
        message: `Referenced columns ${ref}(${fk.refColumns.join(', ')}) are not the leading columns of an index`,
        why: 'InnoDB requires an index on the referenced columns; the statement fails. Reference the primary key or a unique key.',
      });
    }
  }
}

function checkNewIndex(at: number, tableLabel: string, table: LiveTable, idx: IndexDef, extraCols: string[], add: Add): void {
  const missing = idx.columns.filter((c) => !hasCol(table, c) && !extraCols.some((x) => lc(x) === lc(c)));
  if (missing.length)
    add(at, {
      rule: 'schema-index-column-missing',
      severity: 'high',
      message: `Index on ${tableLabel} uses column(s) that do not exist: ${missing.join(', ')}`,
      why: 'The statement fails (1072). Fix the column names.',
    });
  if (idx.kind === 'fulltext' || idx.kind === 'spatial') return;
  for (const ex of table.indexes) {
    if (same(ex.columns, idx.columns))
      add(at, {
        rule: 'schema-duplicate-index',
        severity: 'high',
        message: `New index (${idx.columns.join(', ')}) duplicates existing index ${ex.name} on ${tableLabel}`,
        why: 'It doubles write cost for no benefit. Do not add it (or drop the old one).',
      });
    else if (prefix(idx.columns, ex.columns) && idx.kind === 'index')
      add(at, {
        rule: 'schema-redundant-index',
        severity: 'medium',
        message: `New index (${idx.columns.join(', ')}) is a prefix of existing index ${ex.name} (${ex.columns.join(', ')})`,
        why: 'The existing index already serves lookups on these leading columns. Skip the new index.',
      });
    else if (prefix(ex.columns, idx.columns) && !ex.unique)
      add(at, {
        rule: 'schema-existing-index-redundant',
        severity: 'low',
        message: `Existing index ${ex.name} (${ex.columns.join(', ')}) becomes a redundant prefix of the new index`,
        why: 'After checking its use, drop the shorter index in a later step.',
      });
  }
}

function largeTableAlter(
  at: number,
  tableLabel: string,
  table: LiveTable,
  algorithm: string | undefined,
  lock: string | undefined,
  largeRows: number,
  add: Add,
): void {
  if (table.rows < largeRows) return;
  const online = (algorithm === 'INPLACE' || algorithm === 'INSTANT') && (lock === undefined || lock === 'NONE');
  add(at, {
    rule: 'schema-large-table-alter',
    severity: online ? 'medium' : 'high',
    message: `${tableLabel} holds ≈ ${fmt(table.rows)} rows (information_schema estimate): this change may block writes and lag replicas`,
    why: online
      ? 'ALGORITHM/LOCK are set, so MySQL will refuse rather than block; it still rebuilds or scans a large table. Run off-peak and watch replica lag.'
      : 'Add ALGORITHM=INPLACE (or INSTANT), LOCK=NONE so MySQL refuses instead of blocking, or use gh-ost / pt-online-schema-change; run off-peak.',
  });
}

/** Schema findings for every DDL statement of the script, in order. */
export async function checkSchema(reader: SchemaReader, statements: SchemaStatement[], largeRows: number, add: Add): Promise<string[]> {
  const notes: string[] = [];
  for (const st of statements) {
    const t = st.tokens;
    const label = (n: TableName) => (n.db ? `${n.db}.${n.name}` : n.name);
    const needsDb = (n: TableName) => {
      if (reader.key(n) !== undefined) return false;
      if (!notes.length) notes.push('Schema checks skipped for unqualified tables: the connection has no default database.');
      return true;
    };
    if (st.type === 'create_table') {
      const ct = parseCreateTable(t);
      if (!ct || needsDb(ct.table)) continue;
      const existing = await reader.table(ct.table);
      if (existing) {
        if (ct.ifNotExists)
          add(st.index, {
            rule: 'schema-table-exists',
            severity: 'info',
            message: `Table ${label(ct.table)} already exists; IF NOT EXISTS makes this a no-op`,
            why: 'The existing definition is kept even if it differs from this one.',
          });
        else
          add(st.index, {
            rule: 'schema-table-exists',
            severity: 'high',
            message: `Table ${label(ct.table)} already exists; the statement will fail`,
            why: 'Use ALTER TABLE for changes, or IF NOT EXISTS if re-running the script must be safe.',
          });
        continue;
      }
      const cols = ct.columns.map(fromColumnDef);
      await checkForeignKeys(reader, st.index, cols, ct.foreignKeys, add);
      for (const idx of ct.indexes) {
        const missing = idx.columns.filter((c) => !cols.some((x) => lc(x.name) === lc(c)));
        if (missing.length)
          add(st.index, {
            rule: 'schema-index-column-missing',
            severity: 'high',
            message: `Index on ${label(ct.table)} uses column(s) not defined in the table: ${missing.join(', ')}`,
            why: 'The statement fails (1072). Fix the column names.',
          });
      }
      reader.set(ct.table, {
        engine: ct.options.get('ENGINE') ?? 'InnoDB',
        rows: 0,
        columns: cols,
        indexes: ct.indexes.map((i, k) => ({
          name: i.kind === 'primary' ? 'PRIMARY' : (i.name ?? `idx_${k}`),
          unique: i.kind !== 'index',
          columns: i.columns,
        })),
      });
    } else if (st.type === 'alter_table') {
      const at = parseAlterTable(t);
      if (!at || needsDb(at.table)) continue;
      const table = await reader.table(at.table);
      if (!table) {
        add(st.index, {
          rule: 'schema-table-missing',
          severity: 'high',
          message: `Table ${label(at.table)} does not exist`,
          why: 'The ALTER fails. Check the name and the target database.',
        });
        continue;
      }
      const added = at.specs.flatMap((s) => (s.kind === 'add-column' ? [s.column] : []));
      for (const s of at.specs) {
        if (s.kind === 'add-column' && hasCol(table, s.column.name))
          add(st.index, {
            rule: 'schema-column-exists',
            severity: 'high',
            message: `Column ${label(at.table)}.${s.column.name} already exists`,
            why: 'The ALTER fails (1060). Use MODIFY to change it.',
          });
        if (
          (s.kind === 'drop-column' || (s.kind === 'modify-column' && s.from === undefined)) &&
          !hasCol(table, s.kind === 'drop-column' ? s.name : s.column.name)
        ) {
          add(st.index, {
            rule: 'schema-column-missing',
            severity: 'high',
            message: `Column ${label(at.table)}.${s.kind === 'drop-column' ? s.name : s.column.name} does not exist`,
            why: 'The ALTER fails (1091/1054). Check the column name.',
          });
        }
        if (s.kind === 'modify-column' && s.from !== undefined && !hasCol(table, s.from))
          add(st.index, {
            rule: 'schema-column-missing',
            severity: 'high',
            message: `Column ${label(at.table)}.${s.from} does not exist`,
            why: 'The ALTER fails (1054). Check the column name.',
          });
        if (s.kind === 'drop-index' && !table.indexes.some((i) => lc(i.name) === lc(s.name)))
          add(st.index, {
            rule: 'schema-index-missing',
            severity: 'high',
            message: `Index ${s.name} does not exist on ${label(at.table)}`,
            why: 'The ALTER fails (1091). Check the index name (SHOW INDEX).',
          });
        if (s.kind === 'add-index')
          checkNewIndex(
            st.index,
            label(at.table),
            table,
            s.index,
            added.map((c) => c.name),
            add,
          );
      }
      const fks = at.specs.flatMap((s) => (s.kind === 'add-foreign-key' ? [s.fk] : []));
      await checkForeignKeys(reader, st.index, [...table.columns, ...added.map(fromColumnDef)], fks, add);
      const algorithm = at.specs.flatMap((s) => (s.kind === 'algorithm' ? [s.value] : []))[0];
      const lock = at.specs.flatMap((s) => (s.kind === 'lock' ? [s.value] : []))[0];
      largeTableAlter(st.index, label(at.table), table, algorithm, lock, largeRows, add);
      const dropped = new Set(at.specs.flatMap((s) => (s.kind === 'drop-column' ? [lc(s.name)] : [])));
      reader.set(at.table, {
        ...table,
        columns: [...table.columns.filter((c) => !dropped.has(lc(c.name))), ...added.map(fromColumnDef)],
        indexes: [
          ...table.indexes,
          ...at.specs.flatMap((s, k) =>
            s.kind === 'add-index' ? [{ name: s.index.name ?? `new_${k}`, unique: s.index.kind !== 'index', columns: s.index.columns }] : [],
          ),
        ],
      });
    } else if (st.type === 'create_index') {
      const ci = parseCreateIndex(t);
      if (!ci || needsDb(ci.table)) continue;
      const table = await reader.table(ci.table);
      if (!table) {
        add(st.index, {
          rule: 'schema-table-missing',
          severity: 'high',
          message: `Table ${label(ci.table)} does not exist`,
          why: 'CREATE INDEX fails. Check the name and the target database.',
        });
        continue;
      }
      checkNewIndex(st.index, label(ci.table), table, ci.index, [], add);
      largeTableAlter(st.index, label(ci.table), table, ci.algorithm, ci.lock, largeRows, add);
      reader.set(ci.table, {
        ...table,
        indexes: [...table.indexes, { name: ci.index.name ?? 'new', unique: ci.index.kind !== 'index', columns: ci.index.columns }],
      });
    } else if (st.type === 'drop_table') {
      const dt = parseDropTable(t);
      if (!dt) continue;
      for (const name of dt.tables) {
        if (needsDb(name)) continue;
        const table = await reader.table(name);
        if (!table && !dt.ifExists)
          add(st.index, {
            rule: 'schema-table-missing',
            severity: 'high',
            message: `Table ${label(name)} does not exist`,
            why: 'DROP TABLE fails (1051) and the script stops. Check the name, or use IF EXISTS.',
          });
        if (table && table.rows > 0)
          add(st.index, {
            rule: 'schema-drop-table-rows',
            severity: 'high',
            message: `Dropping ${label(name)} discards ≈ ${fmt(table.rows)} rows`,
            why: 'Take a backup or rename the table aside first.',
          });
        reader.set(name, null);
      }
    }
  }
  return notes;
}
