/**
 * Table-design and naming rules for SOAR parity (COL.*, KEY.*, KWR.*, STA.*, TBL.*) and goInception's
 * identifier checks. They read the token-level CREATE/ALTER/CREATE INDEX structures of ddl.ts.
 */
import type { ColumnDef, IndexDef } from '../ddl';
import { identName, isIdent } from '../tokens';
import { isWord } from '../statement';
import { RESERVED } from './reserved';
import { firstWord, when, type Rule, type RuleContext } from './rule';

function definedColumns(ctx: RuleContext): ColumnDef[] {
  const ct = ctx.createTable();
  if (ct) return ct.columns;
  return (ctx.alterTable()?.specs ?? []).flatMap((s) => (s.kind === 'add-column' || s.kind === 'modify-column' ? [s.column] : []));
}

function definedIndexes(ctx: RuleContext): IndexDef[] {
  const ct = ctx.createTable();
  if (ct) return ct.indexes;
  const at = ctx.alterTable();
  if (at) return at.specs.flatMap((s) => (s.kind === 'add-index' ? [s.index] : []));
  const ci = ctx.createIndex();
  return ci ? [ci.index] : [];
}

/** Names a DDL statement defines: the new table, its columns and indexes. */
function definedNames(ctx: RuleContext): { kind: string; name: string }[] {
  const out: { kind: string; name: string }[] = [];
  const ct = ctx.createTable();
  if (ct) out.push({ kind: 'table', name: ct.table.name });
  for (const s of ctx.alterTable()?.specs ?? []) if (s.kind === 'rename') out.push({ kind: 'table', name: s.to });
  if (firstWord(ctx) === 'CREATE' && isWord(ctx.tokens[1], 'VIEW')) {
    const v = ctx.tokens[2];
    if (v && isIdent(v)) out.push({ kind: 'view', name: identName(v) });
  }
  for (const c of definedColumns(ctx)) out.push({ kind: 'column', name: c.name });
  for (const i of definedIndexes(ctx)) if (i.name) out.push({ kind: 'index', name: i.name });
  return out;
}

const LOB = /^(TINY|MEDIUM|LONG)?(TEXT|BLOB)$|^JSON$/;
const NO_DEFAULT_TYPES =
  /^((TINY|MEDIUM|LONG)?(TEXT|BLOB)|JSON|GEOMETRY|POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION|SERIAL)$/;
/** Any character outside ASCII (identifiers in another script). */
const NON_ASCII = /[^\p{ASCII}]/u;
const ZERO_DATE = /^'?0+(-0+-0+)?( 0+:0+:0+(\.0+)?)?'?$/;
const IRREGULAR_PLURALS = new Set([
  'people',
  'children',
  'men',
  'women',
  'mice',
  'geese',
  'feet',
  'teeth',
  'data',
  'criteria',
  'indices',
  'matrices',
  'vertices',
]);
const NOT_PLURAL = /(ss|us|is|os|as|ics|news|series|species|status|address|canvas|alias|bias|gas|ss)$/;

function isPlural(name: string): boolean {
  const n = name.toLowerCase();
  const last = n.split('_').pop() ?? n;
  if (IRREGULAR_PLURALS.has(last)) return true;
  return last.length > 3 && last.endsWith('s') && !NOT_PLURAL.test(last);
}

function pkColumns(ctx: RuleContext): ColumnDef[] {
  const ct = ctx.createTable();
  if (!ct) return [];
  const pk = ct.indexes.find((i) => i.kind === 'primary');
  return (pk?.columns ?? []).map((n) => ct.columns.find((c) => c.name.toLowerCase() === n.toLowerCase())).filter((c): c is ColumnDef => !!c);
}

const colRule = (spec: Omit<Rule, 'area' | 'check'>, pred: (c: ColumnDef, ctx: RuleContext) => boolean | string): Rule => ({
  ...spec,
  area: 'ddl',
  check: (ctx) => {
    const hits = definedColumns(ctx)
      .map((c) => [c, pred(c, ctx)] as const)
      .filter(([, r]) => r !== false);
    return when(
      hits.length > 0,
      hits
        .slice(0, 5)
        .map(([c, r]) => (typeof r === 'string' ? `${c.name} ${r}` : c.name))
        .join(', '),
    );
  },
});

export const designRules: Rule[] = [
  {
    id: 'drop-primary-or-foreign-key',
    area: 'ddl',
    severity: 'high',
    message: 'ALTER TABLE drops the primary key or a foreign key',
    why: 'Dropping the primary key rebuilds the table around a hidden row id (row-based replication then scans, online schema tools refuse it); dropping a foreign key removes a guarantee the application may rely on. Confirm with the owners first.',
    examples: {
      bad: ['alter table film drop primary key', 'alter table film drop foreign key fk_film_language'],
      good: ['ALTER TABLE t1 CHANGE c1 c1 TEXT CHARACTER SET utf8mb4', 'alter table film drop index idx_a'],
    },
    soar: ['ALT.004'],
    check: (ctx) => {
      const specs = (ctx.alterTable()?.specs ?? []).filter((s) => s.kind === 'drop-primary-key' || s.kind === 'drop-foreign-key');
      return when(specs.length > 0, specs.map((s) => (s.kind === 'drop-foreign-key' ? `FOREIGN KEY ${s.name}` : 'PRIMARY KEY')).join(', '));
    },
  },
  colRule(
    {
      id: 'column-without-default',
      severity: 'info',
      message: 'Column without an explicit DEFAULT',
      why: "A nullable column silently defaults to NULL and a NOT NULL one makes inserts that omit it fail (strict mode) or get 0/''. MODIFY/CHANGE also drops a default the column had. Write the DEFAULT you mean.",
      examples: {
        bad: ['create table test(id int)', 'ALTER TABLE test change id id varchar(10)', 'ALTER TABLE test modify id varchar(10)'],
        good: [
          "ALTER TABLE test modify id varchar(10) DEFAULT ''",
          "create table test(id int not null default 0 comment 'user id')",
          'create table tb (a text)',
          'alter table tb add a text',
          'CREATE TABLE t (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY)',
        ],
      },
      soar: ['COL.004'],
    },
    (c, ctx) => !c.hasDefault && !c.autoIncrement && !c.primary && !c.generated && !NO_DEFAULT_TYPES.test(c.type) && !pkColumns(ctx).includes(c),
  ),
  {
    id: 'too-many-text-columns',
    area: 'ddl',
    severity: 'low',
    message: 'Too many TEXT/BLOB columns in one table (max-text-cols-count)',
    why: 'Each TEXT/BLOB may live off-page, costs an extra read, and forces on-disk temporary tables for queries that touch it. Move large bodies to a side table keyed by the id.',
    examples: { bad: ['create table tbl (a int, b text, c blob, d text)'], good: ['create table tbl (a int, b text)'] },
    soar: ['COL.007'],
    check: (ctx) => {
      const n = (ctx.createTable()?.columns ?? []).filter((c) => LOB.test(c.type) && c.type !== 'JSON').length;
      return when(n > ctx.limits['max-text-cols-count'], `${n} TEXT/BLOB columns`);
    },
  },
  colRule(
    {
      id: 'char-column',
      severity: 'info',
      message: 'CHAR/BINARY column of 10 characters or more',
      why: 'CHAR(n) pads every value to n characters (and, with utf8mb4, may reserve up to 4n bytes); VARCHAR stores what is there. Keep CHAR for values that always have exactly n characters (codes, hashes).',
      examples: {
        bad: [
          'create table t1(id int,name char(20),last_time date)',
          'create table t1(id int,name binary(20),last_time date)',
          'alter table t1 add column id int, add column name binary(20), add column last_time date',
        ],
        good: ["create table t1 (id int, country char(2) not null default 'KR')", 'create table t1 (id int, name varchar(20))'],
      },
      soar: ['COL.008'],
    },
    (c) => (c.type === 'CHAR' || c.type === 'BINARY' || c.type === 'NCHAR') && Number(c.args[0] ?? 1) >= 10,
  ),
  colRule(
    {
      id: 'blob-not-null',
      severity: 'info',
      message: 'TEXT/BLOB/JSON column declared NOT NULL',
      why: 'These types cannot have a literal default (before MySQL 8.0.13), so every INSERT that omits the column fails in strict mode. Allow NULL, or make sure every writer sets it.',
      examples: { bad: ['CREATE TABLE `tb`(`c` longblob NOT NULL)'], good: ['CREATE TABLE `tbl` (`c` longblob)', 'alter TABLE `tbl` add column `c` text'] },
      soar: ['COL.012'],
    },
    (c) => LOB.test(c.type) && c.notNull && !c.hasDefault,
  ),
  colRule(
    {
      id: 'zero-date-default',
      severity: 'high',
      message: "Zero date as a DEFAULT ('0000-00-00', 0)",
      why: 'With the default sql_mode (NO_ZERO_DATE, strict) MySQL 5.7+/8 and Aurora refuse zero dates, so the statement fails; where it is accepted, 0000-00-00 breaks date arithmetic and drivers. Use NULL, or a real default such as CURRENT_TIMESTAMP.',
      examples: {
        bad: [
          'ALTER TABLE t1 ADD c_time timestamp NOT NULL default "0000-00-00"',
          "ALTER TABLE t1 ADD c_time timestamp NOT NULL default '0'",
          'ALTER TABLE t1 ADD c_time timestamp NOT NULL default 0',
          'ALTER TABLE t1 ADD c_time datetime NOT NULL default 0',
        ],
        good: ['CREATE TABLE tbl (`id` bigint not null, `update_time` timestamp default current_timestamp)', 'ALTER TABLE t1 ADD c DATETIME NULL DEFAULT NULL'],
      },
      soar: ['COL.013'],
      also: ['goInception enable_zero_date'],
    },
    (c) => /^(DATE|DATETIME|TIMESTAMP)$/.test(c.type) && c.defaultValue !== undefined && ZERO_DATE.test(c.defaultValue),
  ),
  colRule(
    {
      id: 'column-charset',
      severity: 'info',
      message: 'Character set or NCHAR declared on a column',
      why: 'A column whose charset differs from its table converts on every join and comparison with the rest of the schema (and its index cannot be used across the mismatch). Set the charset once on the table.',
      examples: {
        bad: [
          'CREATE TABLE `tb2` ( `id` int(11) DEFAULT NULL, `col` char(10) CHARACTER SET utf8 DEFAULT NULL)',
          'alter table tb2 change col col char(10) CHARACTER SET utf8 DEFAULT NULL',
          'CREATE TABLE tb (a nvarchar(10))',
          'CREATE TABLE tb (a nchar(10))',
        ],
        good: ["CREATE TABLE `tb` ( `id` int(10) unsigned NOT NULL AUTO_INCREMENT, `c` char(120) NOT NULL DEFAULT '', PRIMARY KEY (`id`))"],
      },
      soar: ['COL.014'],
    },
    (c) => c.charset !== undefined || /^(NCHAR|NVARCHAR|NATIONAL)$/.test(c.type),
  ),
  colRule(
    {
      id: 'varchar-too-long',
      severity: 'low',
      message: 'VARCHAR longer than max-varchar-length',
      why: 'Very long VARCHARs count against the 65,535-byte row limit, cannot be fully indexed (3,072 bytes) and make in-memory temporary tables huge. Use TEXT in a side table for long bodies, or a realistic length.',
      examples: {
        bad: ['CREATE TABLE `tb` ( `id` varchar(4000) )', 'CREATE TABLE `tb` ( `id` varchar(3500) )', 'alter TABLE `tb` add column `id` varchar(3500)'],
        good: ['CREATE TABLE `tb` ( `id` varchar(1024))', 'alter TABLE `tb` add column `id` varchar(35)'],
      },
      soar: ['COL.017'],
    },
    (c, ctx) =>
      (c.type === 'VARCHAR' || c.type === 'VARBINARY' || c.type === 'NVARCHAR') &&
      Number(c.args[0] ?? 0) > ctx.limits['max-varchar-length'] &&
      `(${c.args[0]})`,
  ),
  colRule(
    {
      id: 'column-type-not-allowed',
      severity: 'low',
      message: 'Column type listed in column-not-allow-type',
      why: 'The project refuses this type. BOOLEAN (the default entry) is TINYINT(1): it stores -128…127, so it does not enforce true/false and reads back as a number. Use TINYINT UNSIGNED with a CHECK, or the type your conventions name.',
      examples: {
        bad: ['CREATE TABLE tab (a BOOLEAN)', 'ALTER TABLE `tb` add column `a` BOOLEAN'],
        good: ['CREATE TABLE `tb` ( `id` varchar(1024))', 'ALTER TABLE `tb` add column `id` varchar(35)'],
      },
      soar: ['COL.018'],
    },
    (c, ctx) =>
      ctx.limits['column-not-allow-type'].includes(c.type.toLowerCase()) || (c.type === 'BOOL' && ctx.limits['column-not-allow-type'].includes('boolean')),
  ),
  colRule(
    {
      id: 'fractional-seconds',
      severity: 'info',
      message: 'TIME/DATETIME/TIMESTAMP with fractional seconds',
      why: 'DATETIME(6) takes 8 bytes instead of 5 and fractional values compare unexpectedly with second-precision literals. Use it only if you need sub-second times.',
      examples: {
        bad: ['CREATE TABLE t1 (t TIME(3), dt DATETIME(6))', 'ALTER TABLE t1 add t TIME(3)'],
        good: ['CREATE TABLE t1 (t TIME, dt DATETIME)', 'ALTER TABLE t1 add t TIME'],
      },
      soar: ['COL.019'],
    },
    (c) => /^(TIME|DATETIME|TIMESTAMP)$/.test(c.type) && Number(c.args[0] ?? 0) > 0,
  ),
  {
    id: 'primary-key-not-auto-increment',
    area: 'ddl',
    severity: 'info',
    message: 'Single-column primary key that is not an unsigned AUTO_INCREMENT integer',
    why: 'InnoDB clusters rows by the primary key: an increasing integer keeps inserts at the end of the index; natural or random keys split pages and enlarge every secondary index. Use BIGINT UNSIGNED AUTO_INCREMENT unless the natural key is short and stable.',
    examples: {
      bad: [
        'create table tbl ( a int, b int, primary key (`a`)) engine=InnoDB',
        'create table tbl ( a bigint unsigned, b int, primary key (`a`)) engine=InnoDB',
        'create table tbl ( a char(10), b int, primary key (`a`)) engine=InnoDB',
      ],
      good: [
        'CREATE TABLE tbl (a int unsigned auto_increment, b int, primary key(`a`)) engine=InnoDB',
        "CREATE TABLE `tb` ( `id` Bigint unsigned NOT NULL AUTO_INCREMENT COMMENT 'auto id', Primary  key (`id`) ) ENGINE = InnoDB COMMENT 'comment'",
        'CREATE TABLE fc (film_id INT UNSIGNED, category_id INT UNSIGNED, PRIMARY KEY (film_id, category_id))',
      ],
    },
    soar: ['KEY.001', 'KEY.007'],
    check: (ctx) => {
      const pk = pkColumns(ctx);
      if (pk.length !== 1) return [];
      const c = pk[0]!;
      return when(
        !(c.autoIncrement && c.unsigned && /^(TINYINT|SMALLINT|MEDIUMINT|INT|INTEGER|BIGINT)$/.test(c.type)),
        `${c.name} ${c.typeText}${c.unsigned ? ' unsigned' : ''}${c.autoIncrement ? ' auto_increment' : ''}`,
      );
    },
  },
  {
    id: 'add-unique-index',
    area: 'ddl',
    severity: 'medium',
    message: 'Adding a UNIQUE index to an existing table',
    why: 'The ALTER fails if any duplicates exist, and an online schema change that copies rows with INSERT IGNORE silently drops the duplicates. Check for duplicates first (GROUP BY … HAVING COUNT(*) > 1).',
    examples: {
      bad: ['ALTER TABLE customer ADD UNIQUE INDEX part_of_name (name(10))', 'CREATE UNIQUE INDEX part_of_name ON customer (name(10))'],
      good: ['ALTER TABLE tbl add INDEX idx_col (col)', 'CREATE INDEX part_of_name ON customer (name(10))'],
    },
    soar: ['KEY.009'],
    check: (ctx) => when(definedIndexes(ctx).some((i) => i.kind === 'unique') && !ctx.createTable()),
  },
  {
    id: 'fulltext-index',
    area: 'ddl',
    severity: 'info',
    message: 'FULLTEXT index',
    why: 'InnoDB FULLTEXT indexes have their own tuning (innodb_ft_min_token_size, ngram_token_size for CJK, stopwords) and a costly sync on commit for heavy writes. Check the tokenizer fits your data.',
    examples: {
      bad: [
        'ALTER TABLE tb ADD FULLTEXT INDEX ip (ip)',
        "CREATE TABLE tb ( id int(10) unsigned NOT NULL AUTO_INCREMENT, ip varchar(255) NOT NULL DEFAULT '', PRIMARY KEY (id), FULLTEXT KEY ip (ip) ) ENGINE=InnoDB",
      ],
      good: ['ALTER TABLE tbl add INDEX idx_col (col)', 'CREATE INDEX part_of_name ON customer (name(10))'],
    },
    soar: ['KEY.010'],
    check: (ctx) => when(definedIndexes(ctx).some((i) => i.kind === 'fulltext')),
  },
  {
    id: 'reserved-word-identifier',
    area: 'ddl',
    severity: 'medium',
    message: 'MySQL reserved word used as a table or column name',
    why: 'Every query must then quote the name with backticks; one forgotten quote is a syntax error, and tools that generate SQL trip on it. Pick another name.',
    examples: {
      bad: ['CREATE TABLE tbl (`select` int)', 'CREATE TABLE `select` (a int)', 'ALTER TABLE tbl ADD COLUMN `select` varchar(10)'],
      good: ['CREATE TABLE tbl (a int)', 'ALTER TABLE tbl ADD COLUMN col varchar(10)', 'CREATE TABLE t (status int, name varchar(10))'],
    },
    soar: ['KWR.002'],
    check: (ctx) => {
      const bad = definedNames(ctx).filter((n) => n.kind !== 'index' && RESERVED.has(n.name.toUpperCase()));
      return when(bad.length > 0, bad.map((n) => n.name).join(', '));
    },
  },
  {
    id: 'plural-name',
    area: 'style',
    severity: 'info',
    message: 'Plural table or column name',
    why: 'A table holds entities, each row one of them; singular names read naturally in joins (user.id) and match entity classes. A convention, not a defect: turn this rule off if your schema uses plural names.',
    examples: {
      bad: ['CREATE TABLE tbl (`people` int)', 'CREATE TABLE people (a int)', 'ALTER TABLE tbl ADD COLUMN people varchar(10)'],
      good: ['CREATE TABLE tbl (`person` int)', 'ALTER TABLE tbl ADD COLUMN person varchar(10)', 'CREATE TABLE address (status int, canvas text)'],
    },
    soar: ['KWR.003'],
    check: (ctx) => {
      const bad = definedNames(ctx).filter((n) => n.kind !== 'index' && isPlural(n.name));
      return when(
        bad.length > 0,
        bad
          .slice(0, 4)
          .map((n) => n.name)
          .join(', '),
      );
    },
  },
  {
    id: 'non-ascii-identifier',
    area: 'style',
    severity: 'low',
    message: 'Identifier with non-ASCII characters',
    why: 'Names in Hangul, Chinese or accented letters need the right client charset everywhere (drivers, dumps, tools) and are hard to type in a hurry. Use ASCII letters, digits and _ in names; keep the local language for comments.',
    examples: {
      bad: ['select col as 列 from tb', 'select col as `列` from tb'],
      good: ['select col as c from tb', "select '列'", "CREATE TABLE t (id INT PRIMARY KEY COMMENT '아이디')"],
    },
    soar: ['KWR.004'],
    check: (ctx) =>
      when(
        ctx.tokens.some(
          (t) =>
            (t.type === 'word' || t.type === 'qident') &&
            NON_ASCII.test(t.text) &&
            !/^[\u00a0\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/.test(t.text),
        ),
      ),
  },
  {
    id: 'invisible-unicode',
    area: 'logic',
    severity: 'medium',
    message: 'Invisible Unicode character (no-break or zero-width space) outside a string',
    why: 'Editors and chat apps insert them silently; MySQL reads them as part of a name, so the statement fails or names a different object. Retype the spaces (cat -A shows them).',
    examples: { bad: ['select\u00a01', 'select\u200b 1;'], good: ['select 1', 'select "1\u00a0"', 'select "1\u200b"'] },
    soar: ['KWR.005'],
    check: (ctx) =>
      when(
        ctx.all.some(
          (t) => t.type !== 'string' && t.type !== 'comment' && /[\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]/.test(t.text),
        ),
      ),
  },
  colRule(
    {
      id: 'on-update-current-timestamp',
      severity: 'info',
      message: 'Column with ON UPDATE CURRENT_TIMESTAMP',
      why: 'The column changes whenever any other column of the row changes, including bulk fixes and backfills. Fine for a technical last_update; do not give it business meaning (e.g. "paid at").',
      examples: {
        bad: [
          'CREATE TABLE category (category_id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(25) NOT NULL, last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (category_id))',
        ],
        good: [
          'CREATE TABLE category (category_id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(25) NOT NULL, last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (category_id))',
        ],
      },
      soar: ['RES.010'],
    },
    (c) => c.onUpdate,
  ),
  colRule(
    {
      id: 'plaintext-password-column',
      severity: 'medium',
      message: 'A column named like a password',
      why: 'Passwords must never be stored or sent in clear text. Store a salted slow hash (bcrypt, argon2) computed in the application, and name the column for what it holds (password_hash).',
      examples: {
        bad: [
          'create table test(id int,name varchar(20) not null,password varchar(200)not null)',
          'alter table test add column password varchar(200) not null',
        ],
        good: ['create table test(id int, password_hash binary(60) not null)'],
      },
      soar: ['SEC.002'],
    },
    (c) => /^(password|passwd|pwd|pass|user_password|passcode)$/i.test(c.name),
  ),
  {
    id: 'index-name-prefix',
    area: 'style',
    severity: 'info',
    message: 'Index name without the conventional prefix (index-prefix / unique-key-prefix)',
    why: 'A consistent prefix (idx_ for indexes, uk_ for unique keys) tells at a glance in plans and errors what kind of index it is. The prefixes are configurable.',
    examples: {
      bad: [
        'CREATE TABLE tbl (a int, unique key `xx_a` (`a`))',
        'CREATE TABLE tbl (a int, key `xx_a` (`a`))',
        'ALTER TABLE tbl ADD INDEX xx_a (a)',
        'ALTER TABLE tbl ADD UNIQUE INDEX xx_a (a)',
      ],
      good: ['ALTER TABLE tbl ADD INDEX idx_a (a)', 'ALTER TABLE tbl ADD UNIQUE INDEX uk_a (a)'],
    },
    soar: ['STA.003'],
    check: (ctx) => {
      const bad = definedIndexes(ctx).filter(
        (i) =>
          i.name &&
          ((i.kind === 'index' && !i.name.toLowerCase().startsWith(ctx.limits['index-prefix'])) ||
            (i.kind === 'unique' && !i.name.toLowerCase().startsWith(ctx.limits['unique-key-prefix']))),
      );
      return when(bad.length > 0, bad.map((i) => i.name).join(', '));
    },
  },
  {
    id: 'non-standard-name',
    area: 'style',
    severity: 'info',
    message: 'Name with characters other than lower-case letters, digits and _',
    why: 'Names with dashes, spaces, camelCase or double underscores must be quoted, are case-sensitive on some platforms (lower_case_table_names) and are easy to mistype. Use lower_snake_case.',
    examples: {
      bad: ['CREATE TABLE `tbl-name` (a int)', 'CREATE TABLE `tbl `(a int)', 'CREATE TABLE t__bl (a int)', 'SELECT `dataType` FROM tb'],
      good: ['CREATE TABLE tbl (a int)', 'CREATE TABLE `tbl`(a int)', 'CREATE TABLE `tbl` (a int) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4', 'SELECT ID FROM tb'],
    },
    soar: ['STA.004'],
    check: (ctx) => {
      const bad = new Set<string>();
      const check = (n: string) => (/[^A-Za-z0-9_$]/.test(n) || n.includes('__') || /[a-z][A-Z]/.test(n)) && bad.add(n);
      for (const n of definedNames(ctx)) if (!NON_ASCII.test(n.name)) check(n.name);
      for (const t of ctx.tokens) if (t.type === 'qident' && !NON_ASCII.test(t.text)) check(identName(t));
      return when(
        bad.size > 0,
        [...bad]
          .slice(0, 4)
          .map((n) => `\`${n}\``)
          .join(', '),
      );
    },
  },
  {
    id: 'partitioned-table',
    area: 'ddl',
    severity: 'low',
    message: 'Partitioned table',
    why: 'Every unique key must include the partition key, queries that do not filter on it read every partition, and partition maintenance is DDL on the whole table. Make sure the access pattern really prunes.',
    examples: {
      bad: [
        'CREATE TABLE trb3 (id INT, name VARCHAR(50), purchased DATE) PARTITION BY RANGE( YEAR(purchased) ) (PARTITION p0 VALUES LESS THAN (1990), PARTITION p1 VALUES LESS THAN (1995))',
        'ALTER TABLE t1 ADD PARTITION (PARTITION p3 VALUES LESS THAN (2002))',
      ],
      good: ['CREATE TABLE t (id INT PRIMARY KEY)'],
    },
    soar: ['TBL.001'],
    check: (ctx) =>
      when(
        ctx.createTable()?.options.get('PARTITION') === 'BY' ||
          (ctx.alterTable()?.specs ?? []).some((s) => s.kind === 'add-partition') ||
          (ctx.type === 'alter_table' && ctx.tokens.some((t, k) => t.depth === 0 && isWord(t, 'PARTITION') && isWord(ctx.tokens[k + 1], 'BY'))),
      ),
  },
  {
    id: 'create-table-without-engine',
    area: 'ddl',
    severity: 'info',
    message: 'CREATE TABLE without ENGINE=',
    why: 'The table gets the server default_storage_engine, which a migration should not leave to chance. Say ENGINE=InnoDB.',
    examples: {
      bad: ['create table test(`id` int(11) NOT NULL AUTO_INCREMENT)', 'CREATE TABLE tbl (a int)'],
      good: ['CREATE TABLE tbl (a int) engine = InnoDB', 'CREATE TABLE t2 LIKE t1'],
    },
    soar: ['TBL.002'],
    check: (ctx) => {
      const ct = ctx.createTable();
      return when(!!ct && !ct.like && !ct.asSelect && !ct.options.has('ENGINE') && !ct.temporary);
    },
  },
  {
    id: 'dual-table-name',
    area: 'ddl',
    severity: 'medium',
    message: 'A table named DUAL',
    why: 'DUAL is the dummy table of SELECT … FROM DUAL; a real table of that name must be quoted everywhere and confuses every reader. Choose another name.',
    examples: { bad: ['create table `dual`(id int, primary key (id))'], good: ['create table dual_mode (id int, primary key (id))'] },
    soar: ['TBL.003'],
    check: (ctx) => when(ctx.createTable()?.table.name.toLowerCase() === 'dual'),
  },
  {
    id: 'auto-increment-initial-value',
    area: 'ddl',
    severity: 'info',
    message: 'CREATE TABLE with an AUTO_INCREMENT start value above 1',
    why: 'Usually copied from SHOW CREATE TABLE of an existing table: the new table starts with a gap of ids. Drop the AUTO_INCREMENT= option unless the offset is intended.',
    examples: {
      bad: [
        "CREATE TABLE `tb` ( `id` int(10) unsigned NOT NULL AUTO_INCREMENT, `pad` char(60) NOT NULL DEFAULT '', PRIMARY KEY (`id`)) ENGINE=InnoDB AUTO_INCREMENT=13",
      ],
      good: [
        "CREATE TABLE `test1` ( `id` int(10) unsigned NOT NULL AUTO_INCREMENT, `pad` char(60) NOT NULL DEFAULT '', PRIMARY KEY (`id`))",
        'CREATE TABLE `test1` ( `id` int(10) unsigned NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) auto_increment = 1',
      ],
    },
    soar: ['TBL.004'],
    check: (ctx) => {
      const v = ctx.createTable()?.options.get('AUTO_INCREMENT');
      return when(v !== undefined && Number(v) > 1, `AUTO_INCREMENT=${v}`);
    },
  },
  {
    id: 'create-view',
    area: 'ddl',
    severity: 'info',
    message: 'CREATE VIEW',
    why: 'A view hides a query: its plan is invisible in the calling code, it runs with its definer’s rights, and views over views are hard to optimise. Keep views simple and documented.',
    examples: { bad: ['create view v_today (today) AS SELECT CURRENT_DATE', "CREATE VIEW v (col) AS SELECT 'abc'"], good: ['SELECT CURRENT_DATE'] },
    soar: ['TBL.006'],
    check: (ctx) => when(firstWord(ctx) === 'CREATE' && ctx.tokens.slice(1, 8).some((t) => isWord(t, 'VIEW'))),
  },
  {
    id: 'temporary-table',
    area: 'ddl',
    severity: 'info',
    message: 'CREATE TEMPORARY TABLE',
    why: 'Temporary tables live in one connection: they break with connection pools and proxies, are not replicated safely with statement-based logging and use temp tablespace. Prefer a derived table or CTE.',
    examples: {
      bad: ['CREATE TEMPORARY TABLE `work` (`time` time DEFAULT NULL) ENGINE=InnoDB'],
      good: ['CREATE TABLE `work` (`time` time DEFAULT NULL) ENGINE=InnoDB'],
    },
    soar: ['TBL.007'],
    check: (ctx) => when(!!ctx.createTable()?.temporary),
  },
  {
    id: 'collation-not-allowed',
    area: 'ddl',
    severity: 'low',
    message: 'Collation outside allow-collates / allow-charsets',
    why: 'Tables and columns with different collations cannot be compared without conversion, so joins between them skip indexes (and may fail with "Illegal mix of collations"). Use the collation the rest of the schema uses.',
    examples: {
      bad: ['create table tbl (a int) DEFAULT COLLATE=latin1_bin', 'alter table t1 default collate = latin1_swedish_ci'],
      good: ['create table tlb (a int)', 'create table t (a int) DEFAULT COLLATE=utf8mb4_unicode_ci', 'ALTER TABLE `tbl` add column a int, add column b int'],
    },
    soar: ['TBL.008'],
    check: (ctx) => {
      const out: string[] = [];
      const ok = (c: string) =>
        ctx.limits['allow-collates'].length
          ? ctx.limits['allow-collates'].includes(c)
          : ctx.limits['allow-charsets'].some((cs) => c === cs || c.startsWith(`${cs}_`));
      const c = ctx.createTable()?.options.get('COLLATE');
      if (c && !ok(c)) out.push(c);
      for (const s of ctx.alterTable()?.specs ?? []) if (s.kind === 'collate-default' && !ok(s.collate)) out.push(s.collate);
      for (const col of definedColumns(ctx)) if (col.collate && !ok(col.collate)) out.push(`${col.name}: ${col.collate}`);
      return when(out.length > 0, out.join(', '));
    },
  },
  {
    id: 'identifier-too-long',
    area: 'ddl',
    severity: 'high',
    message: 'Name longer than 64 characters',
    why: 'MySQL limits table, column and index names to 64 characters; the statement fails (error 1059). Shorten the name.',
    examples: { bad: [`CREATE TABLE t (${'c'.repeat(65)} INT)`], good: ['CREATE TABLE t (c INT)'] },
    also: ['goInception check_identifier'],
    check: (ctx) => {
      const long = definedNames(ctx).filter((n) => [...n.name].length > 64);
      return when(long.length > 0, long.map((n) => `${n.kind} ${n.name.slice(0, 20)}…`).join(', '));
    },
  },
];
