/** DDL rules: table design and schema changes that are risky to run. */
import type { ColumnDef, IndexDef } from '../ddl';
import { isWord } from '../statement';
import { firstWord, hit, when, type Hit, type Rule, type RuleContext } from './rule';

const MONEY_NAME = /(price|amount|cost|balance|gold|money|fee|total|salary|revenue|payment|credit|cash|point)s?$/i;

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

type ColumnRuleSpec = Omit<Rule, 'area' | 'check'>;

/** A rule that flags columns defined by CREATE TABLE or ALTER … ADD/MODIFY/CHANGE. */
const columnRule = (spec: ColumnRuleSpec, pred: (c: ColumnDef, ctx: RuleContext) => boolean): Rule => ({
  ...spec,
  area: 'ddl',
  check: (ctx) => {
    const cols = definedColumns(ctx).filter((c) => pred(c, ctx));
    return when(
      cols.length > 0,
      cols
        .slice(0, 5)
        .map((c) => c.name)
        .join(', '),
    );
  },
});

const INT_TYPES = /^(TINYINT|SMALLINT|MEDIUMINT|INT|INTEGER|BIGINT)$/;
/** The display width MySQL itself prints for each integer type (signed, unsigned). */
const NATURAL_WIDTH: Record<string, [number, number]> = {
  TINYINT: [4, 3],
  SMALLINT: [6, 5],
  MEDIUMINT: [9, 8],
  INT: [11, 10],
  INTEGER: [11, 10],
  BIGINT: [20, 20],
};
const LOB = /^(TINY|MEDIUM|LONG)?(TEXT|BLOB)$|^JSON$/;
const cols = (n: number, extra = '') => Array.from({ length: n }, (_, i) => `c${i} INT NOT NULL DEFAULT 0 COMMENT 'x'${extra}`).join(', ');

export const ddlRules: Rule[] = [
  {
    id: 'create-table-no-primary-key',
    examples: {
      bad: ['CREATE TABLE x (a INT, b INT)'],
      good: [
        "CREATE TABLE t (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'id', name VARCHAR(20) NOT NULL COMMENT 'n', PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='t'",
        'CREATE TABLE x (a INT PRIMARY KEY)',
      ],
    },
    soar: ['KEY.002', 'KEY.007'],
    area: 'ddl',
    severity: 'high',
    message: 'CREATE TABLE without a primary key',
    why: 'InnoDB then clusters on a hidden row id: row-based replication has to scan for every change, and tools like gh-ost/pt-osc refuse the table. Add a primary key.',
    check: (ctx) => {
      const ct = ctx.createTable();
      return when(!!ct && !ct.like && !ct.asSelect && ct.columns.length > 0 && !ct.indexes.some((i) => i.kind === 'primary' || i.kind === 'unique'));
    },
  },
  {
    id: 'nullable-unique-key-instead-of-primary-key',
    examples: {
      bad: ['CREATE TABLE tbl (a int, unique key(`a`))'],
      good: ['CREATE TABLE tbl (a int NOT NULL, unique key(`a`))', 'CREATE TABLE tbl (a int, primary key(`a`))'],
    },
    area: 'ddl',
    severity: 'medium',
    message: 'No primary key, and every unique key allows NULL',
    why: 'InnoDB clusters on the first UNIQUE NOT NULL index; when every unique key allows NULL it uses a hidden row id, so row-based replication scans and gh-ost refuses the table. Make the key columns NOT NULL or declare a primary key.',
    check: (ctx) => {
      const ct = ctx.createTable();
      if (!ct || ct.indexes.some((i) => i.kind === 'primary')) return [];
      const uniques = ct.indexes.filter((i) => i.kind === 'unique');
      const notNull = (n: string) => ct.columns.find((c) => c.name.toLowerCase() === n.toLowerCase())?.notNull ?? false;
      return when(uniques.length > 0 && uniques.every((u) => !u.columns.every(notNull)));
    },
  },
  {
    id: 'non-innodb-engine',
    examples: {
      bad: ['CREATE TABLE x (a INT PRIMARY KEY) ENGINE=MyISAM', 'ALTER TABLE x ENGINE=MEMORY'],
      good: [
        "CREATE TABLE t (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'id', name VARCHAR(20) NOT NULL COMMENT 'n', PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='t'",
      ],
    },
    soar: ['TBL.002'],
    area: 'ddl',
    severity: 'high',
    message: 'Storage engine other than InnoDB',
    why: 'MyISAM, MEMORY, ARCHIVE… have no transactions or crash recovery and lock whole tables; Aurora supports only InnoDB for durable tables. Use ENGINE=InnoDB.',
    check: (ctx) => {
      const engine = ctx.createTable()?.options.get('ENGINE') ?? ctx.alterTable()?.specs.flatMap((s) => (s.kind === 'engine' ? [s.engine] : []))[0];
      return when(!!engine && !ctx.limits['allow-engines'].includes(engine.toLowerCase()), engine);
    },
  },
  {
    id: 'charset-not-utf8mb4',
    examples: {
      bad: [
        'CREATE TABLE x (a INT PRIMARY KEY) DEFAULT CHARSET=latin1',
        'CREATE TABLE x (a INT PRIMARY KEY, b VARCHAR(10) CHARACTER SET utf8)',
        'ALTER TABLE x CONVERT TO CHARACTER SET latin1',
      ],
      good: [
        "CREATE TABLE t (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'id', name VARCHAR(20) NOT NULL COMMENT 'n', PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='t'",
      ],
    },
    soar: ['TBL.005'],
    area: 'ddl',
    severity: 'medium',
    message: 'Character set other than utf8mb4',
    why: 'latin1 and utf8 (utf8mb3) cannot store every character (emoji, some Hangul/CJK), and mixing charsets makes joins convert and skip indexes. Use utf8mb4.',
    check: (ctx) => {
      const ok = new Set(ctx.limits['allow-charsets']);
      const bad = new Set<string>();
      const cs = ctx.createTable()?.options.get('CHARSET');
      if (cs && !ok.has(cs)) bad.add(cs);
      for (const c of definedColumns(ctx)) if (c.charset && !ok.has(c.charset)) bad.add(`${c.name}: ${c.charset}`);
      for (const s of ctx.alterTable()?.specs ?? [])
        if ((s.kind === 'convert-charset' || s.kind === 'charset-default') && s.charset && !ok.has(s.charset)) bad.add(s.charset);
      return when(bad.size > 0, [...bad].slice(0, 4).join(', '));
    },
  },
  columnRule(
    {
      id: 'float-for-money',
      severity: 'high',
      message: 'FLOAT/DOUBLE used for a money-like column',
      why: 'Binary floating point cannot represent 0.1 exactly; sums drift. Use DECIMAL(p, s) or an integer of the smallest unit.',
      examples: {
        bad: ['CREATE TABLE x (id INT PRIMARY KEY, price FLOAT)', 'ALTER TABLE x ADD COLUMN balance DOUBLE'],
        good: ['CREATE TABLE x (id INT PRIMARY KEY, price DECIMAL(12,2))'],
      },
      soar: ['COL.009'],
    },
    (c) => /^(FLOAT|DOUBLE|REAL)$/.test(c.type) && MONEY_NAME.test(c.name),
  ),
  columnRule(
    {
      id: 'float-column',
      severity: 'low',
      message: 'FLOAT/DOUBLE column',
      why: 'Approximate types compare and round unexpectedly (WHERE x = 0.1 may miss). Prefer DECIMAL unless you really need floating point.',
      examples: {
        bad: [
          'CREATE TABLE x (id INT PRIMARY KEY, ratio FLOAT)',
          'CREATE TABLE tab2 (p_id BIGINT UNSIGNED NOT NULL, a_id BIGINT UNSIGNED NOT NULL, hours float not null, PRIMARY KEY (p_id, a_id))',
        ],
        good: ['CREATE TABLE x (id INT PRIMARY KEY, ratio DECIMAL(5,4))'],
      },
      soar: ['COL.009'],
    },
    (c) => /^(FLOAT|DOUBLE|REAL)$/.test(c.type) && !MONEY_NAME.test(c.name),
  ),
  columnRule(
    {
      id: 'enum-or-set-column',
      severity: 'low',
      message: 'ENUM or SET column',
      why: 'Adding a value needs ALTER TABLE (a rebuild unless appended at the end), and ordering follows the definition, not the text. Use a lookup table or a short VARCHAR/TINYINT.',
      examples: {
        bad: ["CREATE TABLE x (id INT PRIMARY KEY, s ENUM('a','b'))", 'ALTER TABLE x ADD COLUMN flags BIT(8)'],
        good: ['CREATE TABLE x (id INT PRIMARY KEY, s TINYINT)'],
      },
      soar: ['COL.010'],
    },
    (c) => c.type === 'ENUM' || c.type === 'SET' || c.type === 'BIT',
  ),
  columnRule(
    {
      id: 'text-blob-default',
      severity: 'medium',
      message: 'TEXT/BLOB/JSON column with a DEFAULT',
      why: 'Literal defaults on TEXT/BLOB/JSON are rejected before MySQL 8.0.13 (and need an expression default after). Handle the default in the application or use VARCHAR.',
      examples: {
        bad: ["CREATE TABLE x (id INT PRIMARY KEY, b TEXT DEFAULT 'x')", "ALTER TABLE tb ADD COLUMN c JSON NOT NULL DEFAULT ''"],
        good: ['CREATE TABLE x (id INT PRIMARY KEY, b TEXT)', 'CREATE TABLE tb (a BLOB DEFAULT NULL)'],
      },
      soar: ['COL.015'],
    },
    (c) => LOB.test(c.type) && c.hasDefault && c.defaultValue !== 'NULL',
  ),
  columnRule(
    {
      id: 'timestamp-without-default',
      severity: 'medium',
      message: 'TIMESTAMP column without an explicit DEFAULT or NULL',
      why: 'Depending on explicit_defaults_for_timestamp the first TIMESTAMP may silently get DEFAULT CURRENT_TIMESTAMP ON UPDATE …; TIMESTAMP also ends in 2038. Declare NULL/DEFAULT explicitly, or use DATETIME.',
      examples: {
        bad: ['CREATE TABLE x (id INT PRIMARY KEY, t TIMESTAMP)', 'CREATE TABLE x (id INT PRIMARY KEY, t TIMESTAMP NOT NULL)'],
        good: ['CREATE TABLE x (id INT PRIMARY KEY, t TIMESTAMP NULL)', 'CREATE TABLE x (id INT PRIMARY KEY, t TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)'],
      },
      soar: ['COL.013'],
    },
    (c) => c.type === 'TIMESTAMP' && !c.hasDefault && !c.generated && !(c.nullExplicit && !c.notNull),
  ),
  columnRule(
    {
      id: 'signed-auto-increment',
      severity: 'low',
      message: 'Signed AUTO_INCREMENT column',
      why: 'Half the range is negative and never used. Declare it UNSIGNED (and BIGINT for busy tables).',
      examples: { bad: ['CREATE TABLE x (id BIGINT AUTO_INCREMENT PRIMARY KEY)'], good: ['CREATE TABLE x (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY)'] },
      soar: ['COL.003'],
    },
    (c) => c.autoIncrement && !c.unsigned,
  ),
  columnRule(
    {
      id: 'int-auto-increment',
      severity: 'low',
      message: 'AUTO_INCREMENT on a type smaller than BIGINT',
      why: 'INT runs out at 2.1 billion (4.2 unsigned); the fix later is a blocking ALTER of the primary key. Use BIGINT UNSIGNED for tables that grow.',
      examples: {
        bad: ['CREATE TABLE x (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY)'],
        good: ['CREATE TABLE x (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY)'],
      },
    },
    (c) => c.autoIncrement && /^(TINYINT|SMALLINT|MEDIUMINT|INT|INTEGER)$/.test(c.type),
  ),
  columnRule(
    {
      id: 'int-display-width',
      severity: 'info',
      message: 'Integer display width that looks like a size (INT(1), BIGINT(3))',
      why: 'The number in INT(n) is only a display width: INT(1) still stores up to 2,147,483,647, so it misleads readers (and MySQL 8.0.17+ deprecates widths). Write INT.',
      examples: {
        bad: ['CREATE TABLE x (id INT(1) PRIMARY KEY)', 'ALTER TABLE tb ADD COLUMN id BIGINT(1)'],
        good: [
          'CREATE TABLE x (id INT PRIMARY KEY, f TINYINT(1))',
          'CREATE TABLE tb (id INT(10) UNSIGNED)',
          'CREATE TABLE tb (id INT(11))',
          'CREATE TABLE tb (id BIGINT(20))',
        ],
      },
      soar: ['COL.016'],
    },
    (c) => INT_TYPES.test(c.type) && c.args.length === 1 && !(c.type === 'TINYINT' && c.args[0] === '1') && !NATURAL_WIDTH[c.type]!.includes(Number(c.args[0])),
  ),
  {
    id: 'add-not-null-column-without-default',
    examples: {
      bad: ['ALTER TABLE x ADD COLUMN c INT NOT NULL'],
      good: ['ALTER TABLE x ADD COLUMN c INT NOT NULL DEFAULT 0', 'ALTER TABLE x ADD COLUMN c INT NULL'],
    },
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
    examples: {
      bad: ['CREATE TABLE x (id INT PRIMARY KEY)'],
      good: [
        "CREATE TABLE t (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'id', name VARCHAR(20) NOT NULL COMMENT 'n', PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='t'",
      ],
    },
    soar: ['CLA.011'],
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
    examples: {
      bad: [
        'CREATE TABLE x (id INT PRIMARY KEY, score INT)',
        'create table test(id int not null default 0)',
        'alter table test add column a int',
        'ALTER TABLE t1 CHANGE b b INT NOT NULL',
      ],
      good: [
        "CREATE TABLE t (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'id', name VARCHAR(20) NOT NULL COMMENT 'n', PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='t'",
        "alter table test add column a int comment 'test'",
        'ALTER TABLE t1 AUTO_INCREMENT = 13',
        "ALTER TABLE t1 CHANGE b b INT NOT NULL COMMENT 'test'",
      ],
    },
    soar: ['COL.005'],
    area: 'ddl',
    severity: 'info',
    message: 'Columns without a COMMENT',
    why: 'Say what each non-obvious column holds (units, enum meanings).',
    check: (ctx) => {
      const all = definedColumns(ctx);
      const cols = all.filter((c) => c.comment === undefined);
      return when(
        cols.length > 0,
        `${cols.length} of ${all.length}: ${cols
          .slice(0, 4)
          .map((c) => c.name)
          .join(', ')}${cols.length > 4 ? ', …' : ''}`,
      );
    },
  },
  {
    id: 'too-many-indexes',
    soar: ['KEY.005'],
    area: 'ddl',
    severity: 'medium',
    message: 'Too many indexes on one table (max-index-count)',
    examples: {
      bad: [`CREATE TABLE x (${cols(12)}, ${Array.from({ length: 11 }, (_, i) => `KEY k${i} (c${i})`).join(', ')}) COMMENT='x'`],
      good: ['CREATE TABLE x (id INT PRIMARY KEY, a INT, KEY idx_a (a))'],
    },
    why: 'Every index slows every write and takes buffer pool. Drop the ones the workload does not use (sys.schema_unused_indexes).',
    check: (ctx) => {
      const n = (ctx.createTable()?.indexes.length ?? 0) + (ctx.createTable()?.foreignKeys.length ?? 0);
      return when(n > ctx.limits['max-index-count'], `${n} indexes`);
    },
  },
  {
    id: 'too-many-columns',
    soar: ['COL.006'],
    area: 'ddl',
    severity: 'medium',
    message: 'Too many columns in one table (max-column-count)',
    examples: { bad: [`CREATE TABLE x (${cols(45)}) COMMENT='x'`], good: ['CREATE TABLE x (id INT PRIMARY KEY, a INT)'] },
    why: 'Wide rows mean fewer rows per page and slower scans; it usually means several entities in one table. Split by access pattern.',
    check: (ctx) => when((ctx.createTable()?.columns.length ?? 0) > ctx.limits['max-column-count'], `${ctx.createTable()?.columns.length} columns`),
  },
  {
    id: 'too-many-key-parts',
    examples: { bad: ['CREATE INDEX i ON t (a, b, c, d, e, f)'], good: ['CREATE INDEX i ON t (a, b)'] },
    soar: ['KEY.006'],
    area: 'ddl',
    severity: 'low',
    message: 'Index with too many columns (max-index-cols-count)',
    why: 'Very wide indexes are large and rarely used beyond their first columns. Keep the columns the queries filter and sort on.',
    check: (ctx) => {
      const wide = definedIndexes(ctx).filter((i) => i.columns.length > ctx.limits['max-index-cols-count']);
      return when(wide.length > 0, wide.map(label).join('; '));
    },
  },
  {
    id: 'duplicate-index',
    examples: {
      bad: ['CREATE TABLE x (id INT PRIMARY KEY, a INT, KEY i1 (a), KEY i2 (a))'],
      good: ['CREATE TABLE x (id INT PRIMARY KEY, a INT, b INT, KEY i1 (a), KEY i2 (b))'],
    },
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
    examples: {
      bad: ['CREATE TABLE x (id INT PRIMARY KEY, a INT, b INT, KEY i1 (a), KEY i2 (a, b))'],
      good: ['CREATE TABLE x (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY i1 (a), KEY i2 (b, a))'],
    },
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
    examples: {
      bad: [
        'CREATE TABLE x (id INT PRIMARY KEY, u BIGINT UNSIGNED, FOREIGN KEY (u) REFERENCES users (id))',
        'ALTER TABLE x ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES users (id)',
      ],
      good: [
        "CREATE TABLE t (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'id', name VARCHAR(20) NOT NULL COMMENT 'n', PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='t'",
      ],
    },
    soar: ['KEY.003'],
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
    examples: {
      bad: ['CREATE TABLE x (id INT PRIMARY KEY, u INT, FOREIGN KEY (u) REFERENCES users (id) ON DELETE CASCADE)'],
      good: ['CREATE TABLE x (id INT PRIMARY KEY, u INT, FOREIGN KEY (u) REFERENCES users (id) ON DELETE RESTRICT)'],
    },
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
    examples: { bad: ['DROP TABLE users', 'DROP TABLE IF EXISTS a, b'], good: ['DROP INDEX i ON t'] },
    area: 'ddl',
    severity: 'critical',
    message: 'DROP TABLE',
    why: 'The data is gone, and on a large table the drop itself can stall the server. Rename it aside first (RENAME TABLE t TO t_old), drop later after a backup.',
    check: (ctx) => when(ctx.type === 'drop_table'),
  },
  {
    id: 'drop-database',
    examples: { bad: ['DROP DATABASE game', 'DROP SCHEMA IF EXISTS game'], good: ['DROP TABLE x'] },
    area: 'ddl',
    severity: 'critical',
    message: 'DROP DATABASE / SCHEMA',
    why: 'Drops every table in it. This never belongs in an application migration.',
    check: (ctx) => when(firstWord(ctx) === 'DROP' && isWord(ctx.tokens[1], 'DATABASE', 'SCHEMA')),
  },
  {
    id: 'truncate-table',
    examples: { bad: ['TRUNCATE TABLE users', 'TRUNCATE users'], good: ['DELETE FROM users WHERE id = 1'] },
    soar: ['SEC.001'],
    area: 'ddl',
    severity: 'critical',
    message: 'TRUNCATE TABLE removes every row',
    why: 'It is DDL: no WHERE, no rollback, and it resets AUTO_INCREMENT. Be sure of the table and the target.',
    check: (ctx) => when(firstWord(ctx) === 'TRUNCATE'),
  },
  {
    id: 'drop-column',
    examples: { bad: ['ALTER TABLE users DROP COLUMN nickname', 'ALTER TABLE users DROP nickname'], good: ['ALTER TABLE users DROP INDEX idx_a'] },
    soar: ['ALT.003'],
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
    examples: { bad: ['ALTER TABLE users DROP INDEX idx_a', 'DROP INDEX idx_a ON users'], good: ['ALTER TABLE users ADD INDEX idx_a (a)'] },
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
    examples: {
      bad: [
        'ALTER TABLE users CHARACTER SET utf8mb4',
        'ALTER TABLE users DEFAULT CHARSET = utf8mb4',
        "alter table tbl default character set='utf8'",
        'ALTER TABLE t1 CHANGE a b BIGINT NOT NULL, default character set utf8',
        'alter table t1 default collate = utf8_unicode_ci',
      ],
      good: [
        'ALTER TABLE users CONVERT TO CHARACTER SET utf8mb4',
        'ALTER TABLE t MODIFY latin1_text_col TEXT CHARACTER SET utf8',
        'ALTER TABLE t1 CHANGE c1 c1 TEXT CHARACTER SET utf8',
      ],
    },
    soar: ['ALT.001'],
    area: 'ddl',
    severity: 'high',
    message: 'ALTER TABLE … CHARACTER SET / COLLATE changes only the default for new columns',
    why: 'Existing columns keep their old charset. To convert data use ALTER TABLE … CONVERT TO CHARACTER SET utf8mb4 (a table rebuild).',
    check: (ctx) =>
      when(
        (ctx.alterTable()?.specs ?? []).some((s) => s.kind === 'charset-default' || s.kind === 'collate-default') &&
          !(ctx.alterTable()?.specs ?? []).some((s) => s.kind === 'convert-charset'),
      ),
  },
  {
    id: 'rename-table',
    examples: { bad: ['RENAME TABLE a TO b', 'ALTER TABLE a RENAME TO b'], good: ['ALTER TABLE a RENAME COLUMN x TO y'] },
    area: 'ddl',
    severity: 'high',
    message: 'Renaming a table',
    why: 'Every query using the old name fails the moment it runs. Deploy code that handles both names first, or use a view during the transition.',
    check: (ctx) => when((firstWord(ctx) === 'RENAME' && isWord(ctx.tokens[1], 'TABLE')) || (ctx.alterTable()?.specs ?? []).some((s) => s.kind === 'rename')),
  },
  {
    id: 'column-type-change',
    examples: {
      bad: ['ALTER TABLE users MODIFY nickname VARCHAR(32) NOT NULL', 'ALTER TABLE users CHANGE nick nickname VARCHAR(32)'],
      good: ['ALTER TABLE users ADD COLUMN z INT NULL'],
    },
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
    examples: { bad: ['ALTER TABLE users ADD COLUMN z INT NULL AFTER id'], good: ['ALTER TABLE users ADD COLUMN z INT NULL'] },
    area: 'ddl',
    severity: 'low',
    message: 'ADD COLUMN … FIRST/AFTER',
    why: 'Placing a column anywhere but last prevents INSTANT add on MySQL before 8.0.29 and forces a table rebuild. Add it at the end unless the order really matters.',
    check: (ctx) => when((ctx.alterTable()?.specs ?? []).some((s) => s.kind === 'add-column' && s.column.position !== undefined)),
  },
  {
    id: 'alter-without-online-options',
    examples: {
      bad: ['ALTER TABLE users ADD INDEX i (a)', 'CREATE INDEX i ON users (a)'],
      good: ['ALTER TABLE users ADD INDEX i (a), ALGORITHM=INPLACE, LOCK=NONE', 'CREATE INDEX i ON users (a) ALGORITHM=INPLACE LOCK=NONE'],
    },
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
    examples: {
      bad: ['ALTER TABLE users ADD INDEX i (a), ALGORITHM=COPY', 'CREATE INDEX i ON users (a) LOCK=EXCLUSIVE'],
      good: ['ALTER TABLE users ADD INDEX i (a), ALGORITHM=INPLACE, LOCK=NONE'],
    },
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
    examples: {
      bad: ['CREATE TABLE x AS SELECT * FROM users'],
      good: [
        "CREATE TABLE t (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'id', name VARCHAR(20) NOT NULL COMMENT 'n', PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='t'",
      ],
    },
    area: 'ddl',
    severity: 'medium',
    message: 'CREATE TABLE … AS SELECT',
    why: 'The new table gets no primary key or indexes, and the SELECT locks its source rows. Create the table with keys first, then INSERT … SELECT in batches.',
    check: (ctx) => when(!!ctx.createTable()?.asSelect),
  },
  {
    id: 'char-primary-key',
    examples: { bad: ['CREATE TABLE x (id CHAR(36) PRIMARY KEY)'], good: ['CREATE TABLE x (id BIGINT UNSIGNED PRIMARY KEY)'] },
    soar: ['KEY.007'],
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
    examples: { bad: ['OPTIMIZE TABLE users'], good: ['ANALYZE TABLE users'] },
    area: 'ddl',
    severity: 'medium',
    message: 'OPTIMIZE TABLE rebuilds the table',
    why: 'On InnoDB it is a full rebuild (ALTER … FORCE) that needs free space equal to the table and causes replica lag. Run it in a maintenance window, if at all.',
    check: (ctx) => when(firstWord(ctx) === 'OPTIMIZE'),
  },
];
