/**
 * A small game schema (users, guilds, characters, items, guild_members, inventories) with realistic
 * indexes, foreign keys, a Korean comment and tens of thousands of rows. Shared by tests, the demo and
 * benchmarks. Deterministic: the same options always produce the same rows.
 */
import { mulberry32 as rng } from '../../src/core/random';

export const GAME_DATABASE = 'game';

export const GAME_SCHEMA_DDL: readonly string[] = [
  `CREATE TABLE users (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    email VARCHAR(191) NOT NULL,
    nickname VARCHAR(64) NOT NULL COMMENT '닉네임 (게임 내 표시 이름)',
    country CHAR(2) NOT NULL DEFAULT 'KR',
    status TINYINT UNSIGNED NOT NULL DEFAULT 1,
    created_at DATETIME NOT NULL,
    last_login_at DATETIME NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_users_email (email),
    KEY idx_users_created_at (created_at),
    KEY idx_users_country_status (country, status)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Player accounts'`,
  `CREATE TABLE guilds (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    name VARCHAR(64) NOT NULL,
    leader_user_id BIGINT UNSIGNED NOT NULL,
    level SMALLINT UNSIGNED NOT NULL DEFAULT 1,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_guilds_name (name),
    KEY idx_guilds_leader (leader_user_id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='길드 (Guilds)'`,
  `CREATE TABLE characters (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    user_id BIGINT UNSIGNED NOT NULL,
    name VARCHAR(64) NOT NULL,
    class VARCHAR(16) NOT NULL,
    level SMALLINT UNSIGNED NOT NULL DEFAULT 1,
    gold BIGINT UNSIGNED NOT NULL DEFAULT 0,
    guild_id INT UNSIGNED NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    KEY idx_characters_user (user_id),
    KEY idx_characters_guild_level (guild_id, level),
    KEY idx_characters_name (name),
    CONSTRAINT fk_characters_user FOREIGN KEY (user_id) REFERENCES users (id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Player characters'`,
  `CREATE TABLE items (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    name VARCHAR(100) NOT NULL,
    rarity VARCHAR(16) NOT NULL,
    price INT UNSIGNED NOT NULL,
    PRIMARY KEY (id),
    KEY idx_items_rarity (rarity)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Item catalogue'`,
  `CREATE TABLE guild_members (
    guild_id INT UNSIGNED NOT NULL,
    character_id BIGINT UNSIGNED NOT NULL,
    role VARCHAR(16) NOT NULL DEFAULT 'member',
    joined_at DATETIME NOT NULL,
    PRIMARY KEY (guild_id, character_id),
    KEY idx_guild_members_character (character_id),
    CONSTRAINT fk_guild_members_guild FOREIGN KEY (guild_id) REFERENCES guilds (id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Guild membership'`,
  `CREATE TABLE inventories (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    character_id BIGINT UNSIGNED NOT NULL,
    item_id INT UNSIGNED NOT NULL,
    quantity INT UNSIGNED NOT NULL DEFAULT 1,
    acquired_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    KEY idx_inventories_character (character_id),
    KEY idx_inventories_item (item_id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Items held by characters'`,
];

export interface SeedOptions {
  /** Database to (re)create; default `game`. */
  database?: string;
  /** Number of users; characters ≈ 2×, inventories ≈ 4×. Default 20,000. */
  users?: number;
}

export interface SeedCounts {
  users: number;
  guilds: number;
  characters: number;
  items: number;
  guild_members: number;
  inventories: number;
}

const CLASSES = ['warrior', 'mage', 'archer', 'healer', 'rogue'];
const RARITIES = ['common', 'common', 'common', 'rare', 'rare', 'epic', 'legendary'];
const COUNTRIES = ['KR', 'KR', 'KR', 'JP', 'US', 'TW', 'DE'];

function day(base: number, offsetDays: number): string {
  return new Date(base + offsetDays * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
}

type Conn = { query(sql: string, values?: unknown[]): Promise<unknown> };

async function insertRows(conn: Conn, table: string, columns: string[], rows: unknown[][], batch = 2_000): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    await conn.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ?`, [chunk]);
  }
}

/** (Re)creates the game database on the server at `url` and fills it. */
export async function seedGameSchema(url: string, options: SeedOptions = {}): Promise<SeedCounts> {
  const database = options.database ?? GAME_DATABASE;
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`invalid database name: ${database}`);
  const nUsers = options.users ?? 20_000;
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({ uri: url, multipleStatements: false, connectTimeout: 5_000 });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await conn.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.query(`USE \`${database}\``);
    for (const ddl of GAME_SCHEMA_DDL) await conn.query(ddl);
    const rand = rng(42);
    const base = Date.UTC(2024, 0, 1);
    const users = Array.from({ length: nUsers }, (_, i) => {
      const created = Math.floor(rand() * 700);
      return [
        `player${i + 1}@example.com`,
        i % 50 === 0 ? `용사${i + 1}` : `player${i + 1}`,
        COUNTRIES[i % COUNTRIES.length],
        rand() < 0.95 ? 1 : 2,
        day(base, created),
        rand() < 0.8 ? day(base, created + Math.floor(rand() * 60)) : null,
      ];
    });
    await insertRows(conn, 'users', ['email', 'nickname', 'country', 'status', 'created_at', 'last_login_at'], users);
    const nGuilds = Math.max(1, Math.floor(nUsers / 100));
    const guilds = Array.from({ length: nGuilds }, (_, i) => [
      `guild-${i + 1}`,
      1 + ((i * 97) % nUsers),
      1 + Math.floor(rand() * 30),
      day(base, Math.floor(rand() * 700)),
    ]);
    await insertRows(conn, 'guilds', ['name', 'leader_user_id', 'level', 'created_at'], guilds);
    const nItems = 500;
    const items = Array.from({ length: nItems }, (_, i) => [`item-${i + 1}`, RARITIES[i % RARITIES.length], 10 + Math.floor(rand() * 10_000)]);
    await insertRows(conn, 'items', ['name', 'rarity', 'price'], items);
    const characters: unknown[][] = [];
    const members: unknown[][] = [];
    for (let u = 1; u <= nUsers; u++) {
      const count = 1 + (u % 3);
      for (let k = 0; k < count; k++) {
        const id = characters.length + 1;
        const guild = rand() < 0.6 ? 1 + Math.floor(rand() * nGuilds) : null;
        characters.push([
          u,
          `hero${id}`,
          CLASSES[id % CLASSES.length],
          1 + Math.floor(rand() * 99),
          Math.floor(rand() * 1_000_000),
          guild,
          day(base, Math.floor(rand() * 700)),
        ]);
        if (guild !== null) members.push([guild, id, k === 0 && u % 100 === 0 ? 'officer' : 'member', day(base, Math.floor(rand() * 700))]);
      }
    }
    await insertRows(conn, 'characters', ['user_id', 'name', 'class', 'level', 'gold', 'guild_id', 'created_at'], characters);
    await insertRows(conn, 'guild_members', ['guild_id', 'character_id', 'role', 'joined_at'], members);
    const inventories: unknown[][] = [];
    for (let c = 1; c <= characters.length; c++) {
      const n = 1 + (c % 3);
      for (let k = 0; k < n; k++) inventories.push([c, 1 + Math.floor(rand() * nItems), 1 + Math.floor(rand() * 5), day(base, Math.floor(rand() * 700))]);
    }
    await insertRows(conn, 'inventories', ['character_id', 'item_id', 'quantity', 'acquired_at'], inventories);
    // Fresh statistics so information_schema.TABLES.TABLE_ROWS and EXPLAIN estimates are meaningful.
    for (const t of ['users', 'guilds', 'characters', 'items', 'guild_members', 'inventories']) await conn.query(`ANALYZE TABLE \`${t}\``);
    return { users: nUsers, guilds: nGuilds, characters: characters.length, items: nItems, guild_members: members.length, inventories: inventories.length };
  } finally {
    await conn.end();
  }
}
