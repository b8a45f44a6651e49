/** DDL rules: table design and schema changes that are risky to run. */
import type { ColumnDef, IndexDef } from '../ddl';
import { isWord } from '../statement';
import { firstWord, hit, when, type Hit, type Rule, type RuleContext } from './rule';

const MAX_INDEXES = 8;
const MAX_COLUMNS = 50;
const MAX_KEY_PARTS = 5;
const MONEY_NAME = /(price|amount|cost|balance|gold|money|fee|total|salary|revenue|payment|credit|cash|point)s?$/i;
const GOOD_CHARSETS = new Set(['utf8mb4', 'binary', 'ascii']);

/** Columns defined by the statement: CREATE TABLE columns or ALTER … ADD/MODIFY/CHANGE columns. */
function definedColumns(ctx: RuleContext): ColumnDef[] {
  const ct = ctx.createTable();
  if (ct) return ct.columns;
  const at = ctx.alterTable();
  if (!at) return [];
  return at.specs.flatMap((s) => (s.kind === 'add-column' || s.kind === 'modify-column' ? [s.column] : []));
}

function definedIndexes(ctx: RuleContext): IndexDef[] {
  const ct = ctx.createTable();
  if (ct) return ct.indexes;
  const at = ctx.alterTable();
  if (at) return at.specs.flatMap((s) => (s.kind === 'add-index' ? [s.index] : []));
  const ci = ctx.createIndex();
  return ci ? [ci.index] : [];
}

const sameCols = (a: string[], b: string[]) => a.length === b.length && a.every((c, i) => c.toLowerCase() === b[i]!.toLowerCase());
const isPrefix = (short: string[], long: string[]) => short.length < long.length && short.every((c, i) => c.toLowerCase() === long[i]!.toLowerCase());
const label = (i: IndexDef) => `${i.kind === 'primary' ? 'PRIMARY' : (i.name ?? '(unnamed)')} (${i.columns.join(', ')})`;

const columnRule = (id: string, severity: Rule['severity'], message: string, why: string, pred: (c: ColumnDef) => boolean): Rule => ({
  id,
  area: 'ddl',
  severity,
  message,
  why,
  check: (ctx) => {
    const cols = definedColumns(ctx).filter(pred);
    return when(
      cols.length > 0,
      cols
        .slice(0, 5)
        .map((c) => c.name)
        .join(', '),
    );
  },
});

export const ddlRules: Rule[] = [
  {
    id: 'create-table-no-primary-key',
    area: 'ddl',
    severity: 'high',
    message: 'CREATE TABLE without a primary key',
    why: 'InnoDB then clusters on a hidden row id: row-based replication has to scan for every change, and tools like gh-ost/pt-osc refuse the table. Add a primary key.',
    check: (ctx) => {
      const ct = ctx.createTable();
      return when(!!ct && !ct.like && !ct.asSelect && ct.columns.length > 0 && !ct.indexes.some((i) => i.kind === 'primary'));
    },
  },
  {
    id: 'non-innodb-engine',
    area: 'ddl',
    severity: 'high',
    message: 'Storage engine other than InnoDB',
    why: 'MyISAM, MEMORY, ARCHIVE… have no transactions or crash recovery and lock whole tables; Aurora supports only InnoDB for durable tables. Use ENGINE=InnoDB.',
    check: (ctx) => {
      const engine = ctx.createTable()?.options.get('ENGINE') ?? ctx.alterTable()?.specs.flatMap((s) => (s.kind === 'engine' ? [s.engine] : []))[0];
      return when(!!engine && engine !== 'INNODB', engine);
    },
  },
  {
    id: 'charset-not-utf8mb4',
    area: 'ddl',
    severity: 'medium',
    message: 'Character set other than utf8mb4',
    why: 'latin1 and utf8 (utf8mb3) cannot store every character (emoji, some Hangul/CJK), and mixing charsets makes joins convert and skip indexes. Use utf8mb4.',
    check: (ctx) => {
      const bad = new Set<string>();
      const cs = ctx.createTable()?.options.get('CHARSET');
      if (cs && !GOOD_CHARSETS.has(cs)) bad.add(cs);
      for (const c of definedColumns(ctx)) if (c.charset && !GOOD_CHARSETS.has(c.charset)) bad.add(`${c.name}: ${c.charset}`);
      for (const s of ctx.alterTable()?.specs ?? [])
        if ((s.kind === 'convert-charset' || s.kind === 'charset-default') && s.charset && !GOOD_CHARSETS.has(s.charset)) bad.add(s.charset);
      return when(bad.size > 0, [...bad].slice(0, 4).join(', '));
    },
  },
  columnRule(
    'float-for-money',
    'high',
    'FLOAT/DOUBLE used for a money-like column',
    'Binary floating point cannot represent 0.1 exactly; sums drift. Use DECIMAL(p, s) or an integer of the smallest unit.',
    (c) => /^(FLOAT|DOUBLE|REAL)$/.test(c.type) && MONEY_NAME.test(c.name),
  ),
  columnRule(
    'float-column',
    'low',
    'FLOAT/DOUBLE column',
    'Approximate types compare and round unexpectedly (WHERE x = 0.1 may miss). Prefer DECIMAL unless you really need floating point.',
    (c) => /^(FLOAT|DOUBLE|REAL)$/.test(c.type) && !MONEY_NAME.test(c.name),
  ),
  columnRule(
    'enum-or-set-column',
    'low',
    'ENUM or SET column',
    'Adding a value needs ALTER TABLE (a rebuild unless appended at the end), and ordering follows the definition, not the text. Use a lookup table or a short VARCHAR/TINYINT.',
    (c) => c.type === 'ENUM' || c.type === 'SET',
  ),
  columnRule(
    'text-blob-default',
    'medium',
    'TEXT/BLOB/JSON column with a DEFAULT',
    'Literal defaults on TEXT/BLOB/JSON are rejected before MySQL 8.0.13 (and need an expression default after). Handle the default in the application or use VARCHAR.',
    (c) => /^(TINY|MEDIUM|LONG)?(TEXT|BLOB)$|^JSON$/.test(c.type) && c.hasDefault,
  ),
  columnRule(
    'timestamp-without-default',
    'medium',
    'TIMESTAMP column without an explicit DEFAULT or NULL',
    'Depending on explicit_defaults_for_timestamp the first TIMESTAMP may silently get DEFAULT CURRENT_TIMESTAMP ON UPDATE …; TIMESTAMP also ends in 2038. Declare NULL/DEFAULT explicitly, or use DATETIME.',
    (c) => c.type === 'TIMESTAMP' && !c.hasDefault && !(c.nullExplicit && !c.notNull),
  ),
  columnRule(
    'signed-auto-increment',
    'low',
    'Signed AUTO_INCREMENT column',
    'Half the range is negative and never used. Declare it UNSIGNED (and BIGINT for busy tables).',
    (c) => c.autoIncrement && !c.unsigned,
  ),
  columnRule(
    'int-auto-increment',
    'low',
    'AUTO_INCREMENT on a type smaller than BIGINT',
    'INT runs out at 2.1 billion (4.2 unsigned); the fix later is a blocking ALTER of the primary key. Use BIGINT UNSIGNED for tables that grow.',
    (c) => c.autoIncrement && /^(TINYINT|SMALLINT|MEDIUMINT|INT|INTEGER)$/.test(c.type),
  ),
  columnRule(
    'int-display-width',
    'info',
    'Integer display width (INT(11)) is deprecated',
    'The number in INT(11) is not a size; MySQL 8 ignores and deprecates it. Write INT.',
    (c) => /^(TINYINT|SMALLINT|MEDIUMINT|INT|INTEGER|BIGINT)$/.test(c.type) && c.args.length > 0 && !(c.type === 'TINYINT' && c.args[0] === '1'),
  ),
  {
    id: 'add-not-null-column-without-default',
    area: 'ddl',
    severity: 'medium',
    message: 'ALTER adds a NOT NULL column without DEFAULT',
    why: "Existing rows get the type's implicit default (0, '') — rarely what you mean. Give an explicit DEFAULT, or add it nullable and backfill.",
    check: (ctx) => {
      const cols = (ctx.alterTable()?.specs ?? []).flatMap((s) =>
        s.kind === 'add-column' && s.column.notNull && !s.column.hasDefault && !s.column.autoIncrement ? [s.column.name] : [],
      );
      return when(cols.length > 0, cols.join(', '));
    },
  },
  {
    id: 'missing-table-comment',
    area: 'ddl',
    severity: 'info',
    message: 'CREATE TABLE without a table COMMENT',
    why: "Comments are the cheapest documentation a DBA gets during an incident. Add COMMENT='…' saying what the table holds.",
    check: (ctx) => {
      const ct = ctx.createTable();
      return when(!!ct && !ct.like && !ct.options.has('COMMENT'));
    },
  },
  {
    id: 'missing-column-comment',
    area: 'ddl',
    severity: 'info',
    message: 'Columns without a COMMENT',
    why: 'Say what each non-obvious column holds (units, enum meanings).',
    check: (ctx) => {
      const ct = ctx.createTable();
      if (!ct) return [];
      const cols = ct.columns.filter((c) => c.comment === undefined && !/^(id|created_at|updated_at)$/i.test(c.name));
      return when(
        cols.length > 0,
        `${cols.length} of ${ct.columns.length}: ${cols
          .slice(0, 4)
          .map((c) => c.name)
          .join(', ')}${cols.length > 4 ? ', …' : ''}`,
      );
    },
  },
  {
    id: 'too-many-indexes',
    area: 'ddl',
    severity: 'medium',
    message: `More than ${MAX_INDEXES} indexes on one table`,
    why: 'Every index slows every write and takes buffer pool. Drop the ones the workload does not use (sys.schema_unused_indexes).',
    check: (ctx) => {
      const n = (ctx.createTable()?.indexes.length ?? 0) + (ctx.createTable()?.foreignKeys.length ?? 0);
      return when(n > MAX_INDEXES, `${n} indexes`);
    },
  },
  {
    id: 'too-many-columns',
    area: 'ddl',
    severity: 'medium',
    message: `More than ${MAX_COLUMNS} columns in one table`,
    why: 'Wide rows mean fewer rows per page and slower scans; it usually means several entities in one table. Split by access pattern.',
    check: (ctx) => when((ctx.createTable()?.columns.length ?? 0) > MAX_COLUMNS, `${ctx.createTable()?.columns.length} columns`),
  },
  {
    id: 'too-many-key-parts',
    area: 'ddl',
    severity: 'low',
    message: `Index with more than ${MAX_KEY_PARTS} columns`,
    why: 'Very wide indexes are large and rarely used beyond their first columns. Keep the columns the queries filter and sort on.',
    check: (ctx) => {
      const wide = definedIndexes(ctx).filter((i) => i.columns.length > MAX_KEY_PARTS);
      return when(wide.length > 0, wide.map(label).join('; '));
    },
  },
  {
    id: 'duplicate-index',
    area: 'ddl',
    severity: 'high',
    message: 'Two indexes on the same columns',
    why: 'A duplicate index doubles write cost for no read benefit. Drop one.',
    check: (ctx) => {
      const idx = definedIndexes(ctx).filter((i) => i.kind !== 'fulltext' && i.kind !== 'spatial');
      const hits: Hit[] = [];
      idx.forEach((a, i) => idx.slice(i + 1).forEach((b) => sameCols(a.columns, b.columns) && hits.push(hit(`${label(a)} and ${label(b)}`))));
      return hits.slice(0, 3);
    },
  },
  {
    id: 'redundant-index',
    area: 'ddl',
    severity: 'medium',
    message: 'Index that is a left prefix of another index',
    why: 'An index on (a) is covered by an index on (a, b) for lookups on a. Drop the shorter one unless it is UNIQUE.',
    check: (ctx) => {
      const idx = definedIndexes(ctx).filter((i) => i.kind === 'index');
      const all = definedIndexes(ctx).filter((i) => i.kind !== 'fulltext' && i.kind !== 'spatial');
      const hits: Hit[] = [];
      for (const a of idx) for (const b of all) if (a !== b && isPrefix(a.columns, b.columns)) hits.push(hit(`${label(a)} is a prefix of ${label(b)}`));
      return hits.slice(0, 3);
    },
  },
  {
    id: 'foreign-key',
    area: 'ddl',
    severity: 'low',
    message: 'Foreign key constraint',
    why: 'FKs add locking on the parent for every child write, complicate online schema change (gh-ost does not support them) and sharding. Keep them if you rely on them; know the cost.',
    check: (ctx) => {
      const fks = [...(ctx.createTable()?.foreignKeys ?? []), ...(ctx.alterTable()?.specs ?? []).flatMap((s) => (s.kind === 'add-foreign-key' ? [s.fk] : []))];
      return when(fks.length > 0, fks.map((f) => `(${f.columns.join(', ')}) → ${f.ref.name}`).join('; '));
    },
  },
  {
    id: 'foreign-key-cascade',
    area: 'ddl',
    severity: 'medium',
    message: 'Foreign key with ON DELETE/UPDATE CASCADE',
    why: 'One delete can silently remove many rows in other tables, and cascaded changes do not fire triggers or show in the binlog as separate statements. Delete children explicitly.',
    check: (ctx) => {
      const fks = [...(ctx.createTable()?.foreignKeys ?? []), ...(ctx.alterTable()?.specs ?? []).flatMap((s) => (s.kind === 'add-foreign-key' ? [s.fk] : []))];
      return when(fks.some((f) => f.onDelete === 'CASCADE' || f.onUpdate === 'CASCADE'));
    },
  },
  {
    id: 'drop-table',
    area: 'ddl',
    severity: 'critical',
    message: 'DROP TABLE',
    why: 'The data is gone, and on a large table the drop itself can stall the server. Rename it aside first (RENAME TABLE t TO t_old), drop later after a backup.',
    check: (ctx) => when(ctx.type === 'drop_table'),
  },
  {
    id: 'drop-database',
    area: 'ddl',
    severity: 'critical',
    message: 'DROP DATABASE / SCHEMA',
    why: 'Drops every table in it. This never belongs in an application migration.',
    check: (ctx) => when(firstWord(ctx) === 'DROP' && isWord(ctx.tokens[1], 'DATABASE', 'SCHEMA')),
  },
  {
    id: 'truncate-table',
    area: 'ddl',
    severity: 'critical',
    message: 'TRUNCATE TABLE removes every row',
    why: 'It is DDL: no WHERE, no rollback, and it resets AUTO_INCREMENT. Be sure of the table and the target.',
    check: (ctx) => when(firstWord(ctx) === 'TRUNCATE'),
  },
  {
    id: 'drop-column',
    area: 'ddl',
    severity: 'high',
    message: 'ALTER TABLE … DROP COLUMN',
    why: 'The data in the column is lost and code still reading it breaks; the ALTER rebuilds the table. Stop reading it first, deploy, then drop.',
    check: (ctx) => {
      const cols = (ctx.alterTable()?.specs ?? []).flatMap((s) => (s.kind === 'drop-column' ? [s.name] : []));
      return when(cols.length > 0, cols.join(', '));
    },
  },
  {
    id: 'drop-index',
    area: 'ddl',
    severity: 'medium',
    message: 'Dropping an index',
    why: 'Queries that used it may turn into full scans. Check performance_schema/sys for its use first; MySQL 8 can make it INVISIBLE before dropping.',
    check: (ctx) => {
      const names = (ctx.alterTable()?.specs ?? []).flatMap((s) => (s.kind === 'drop-index' ? [s.name] : s.kind === 'drop-primary-key' ? ['PRIMARY'] : []));
      if (firstWord(ctx) === 'DROP' && isWord(ctx.tokens[1], 'INDEX')) names.push(ctx.tokens[2]?.text ?? '');
      return when(names.length > 0, names.join(', '));
    },
  },
  {
    id: 'alter-charset-default-only',
    area: 'ddl',
    severity: 'high',
    message: 'ALTER TABLE … CHARACTER SET changes only the default for new columns',
    why: 'Existing columns keep their old charset. To convert data use ALTER TABLE … CONVERT TO CHARACTER SET utf8mb4 (a table rebuild).',
    check: (ctx) =>
      when(
        (ctx.alterTable()?.specs ?? []).some((s) => s.kind === 'charset-default') && !(ctx.alterTable()?.specs ?? []).some((s) => s.kind === 'convert-charset'),
      ),
  },
  {
    id: 'rename-table',
    area: 'ddl',
    severity: 'high',
    message: 'Renaming a table',
    why: 'Every query using the old name fails the moment it runs. Deploy code that handles both names first, or use a view during the transition.',
    check: (ctx) => when((firstWord(ctx) === 'RENAME' && isWord(ctx.tokens[1], 'TABLE')) || (ctx.alterTable()?.specs ?? []).some((s) => s.kind === 'rename')),
  },
  {
    id: 'column-type-change',
    area: 'ddl',
    severity: 'medium',
    message: 'ALTER … MODIFY/CHANGE of a column definition',
    why: 'Changing a type usually copies the whole table (ALGORITHM=COPY) and blocks writes, and narrowing a type truncates data. Check with ALGORITHM=INPLACE/INSTANT, LOCK=NONE, or use an online schema change tool.',
    check: (ctx) => {
      const cols = (ctx.alterTable()?.specs ?? []).flatMap((s) => (s.kind === 'modify-column' ? [s.column.name] : []));
      return when(cols.length > 0, cols.join(', '));
    },
  },
  {
    id: 'column-position',
    area: 'ddl',
    severity: 'low',
    message: 'ADD COLUMN … FIRST/AFTER',
    why: 'Placing a column anywhere but last prevents INSTANT add on MySQL before 8.0.29 and forces a table rebuild. Add it at the end unless the order really matters.',
    check: (ctx) => when((ctx.alterTable()?.specs ?? []).some((s) => s.kind === 'add-column' && s.column.position !== undefined)),
  },
  {
    id: 'alter-without-online-options',
    area: 'ddl',
    severity: 'info',
    message: 'ALTER/CREATE INDEX without ALGORITHM and LOCK',
    why: 'Without them MySQL silently picks a copying, blocking algorithm when it must. Say ALGORITHM=INPLACE (or INSTANT), LOCK=NONE so the statement fails instead of blocking.',
    check: (ctx) => {
      const at = ctx.alterTable();
      if (at) return when(!at.specs.some((s) => s.kind === 'algorithm' || s.kind === 'lock') && at.specs.some((s) => s.kind !== 'rename'));
      const ci = ctx.createIndex();
      return when(!!ci && ci.algorithm === undefined && ci.lock === undefined);
    },
  },
  {
    id: 'alter-algorithm-copy',
    area: 'ddl',
    severity: 'high',
    message: 'ALGORITHM=COPY or LOCK=SHARED/EXCLUSIVE requested',
    why: 'The table is copied with writes (or reads) blocked for the whole run. Use INPLACE/INSTANT with LOCK=NONE, or an online schema change tool.',
    check: (ctx) => {
      const specs = ctx.alterTable()?.specs ?? [];
      const ci = ctx.createIndex();
      const bad =
        specs.some((s) => (s.kind === 'algorithm' && s.value === 'COPY') || (s.kind === 'lock' && (s.value === 'SHARED' || s.value === 'EXCLUSIVE'))) ||
        ci?.algorithm === 'COPY' ||
        ci?.lock === 'SHARED' ||
        ci?.lock === 'EXCLUSIVE';
      return when(bad);
    },
  },
  {
    id: 'create-table-as-select',
    area: 'ddl',
    severity: 'medium',
    message: 'CREATE TABLE … AS SELECT',
    why: 'The new table gets no primary key or indexes, and the SELECT locks its source rows. Create the table with keys first, then INSERT … SELECT in batches.',
    check: (ctx) => when(!!ctx.createTable()?.asSelect),
  },
  {
    id: 'char-primary-key',
    area: 'ddl',
    severity: 'low',
    message: 'Primary key on a string column',
    why: 'Random strings (UUIDs) as a clustered key scatter inserts across pages and bloat every secondary index. Prefer BIGINT UNSIGNED AUTO_INCREMENT (keep the UUID as a unique column), or UUID_TO_BIN(…, 1).',
    check: (ctx) => {
      const ct = ctx.createTable();
      if (!ct) return [];
      const pk = ct.indexes.find((i) => i.kind === 'primary');
      const cols =
        pk?.columns.map((n) => ct.columns.find((c) => c.name.toLowerCase() === n.toLowerCase())).filter((c) => c && /CHAR|TEXT|BINARY/.test(c.type)) ?? [];
      return when(!!pk && pk.columns.length === 1 && cols.length > 0, cols.map((c) => c!.name).join(', '));
    },
  },
  {
    id: 'optimize-table',
    area: 'ddl',
    severity: 'medium',
    message: 'OPTIMIZE TABLE rebuilds the table',
    why: 'On InnoDB it is a full rebuild (ALTER … FORCE) that needs free space equal to the table and causes replica lag. Run it in a maintenance window, if at all.',
    check: (ctx) => when(firstWord(ctx) === 'OPTIMIZE'),
  },
];
