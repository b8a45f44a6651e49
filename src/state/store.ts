/**
 * A small durable key-value store with optimistic concurrency, for the bot's own state: event
 * de-duplication, alert subscriptions, incidents and mutes. Values are JSON documents.
 *
 * - `create` writes only when the key does not exist (claim once).
 * - `replace` writes only when the stored version is still the one read (no lost update).
 * - `update` is the read-modify-write loop built on both.
 */
export interface Stored<T> {
  value: T;
  /** Opaque version (S3 ETag). */
  version: string;
}

export interface StateStore {
  get<T>(key: string): Promise<Stored<T> | undefined>;
  /** Writes when absent; returns false when the key already exists. */
  create<T>(key: string, value: T): Promise<boolean>;
  /** Writes when the stored version is `version`; returns false on a concurrent change. */
  replace<T>(key: string, value: T, version: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Keys under a prefix (for listing, e.g. incidents of a channel). */
  list(prefix: string): Promise<string[]>;
  /** Keys under a prefix with their current versions (the same versions `get` returns), in one listing. */
  entries(prefix: string): Promise<Array<{ key: string; version: string }>>;
}

export class ConflictError extends Error {
  override name = 'ConflictError';
}

/**
 * Read-modify-write with retries: `change` gets the current value (or undefined) and returns the new
 * one, or `undefined` to leave the store as it is. Retries on a concurrent change.
 */
export async function update<T>(store: StateStore, key: string, change: (current: T | undefined) => T | undefined, attempts = 8): Promise<T | undefined> {
  for (let i = 0; i < attempts; i++) {
    const current = await store.get<T>(key);
    const next = change(current?.value);
    if (next === undefined) return current?.value;
    const ok = current ? await store.replace(key, next, current.version) : await store.create(key, next);
    if (ok) return next;
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (i + 1)));
  }
  throw new ConflictError(`could not update ${key}: too many concurrent changes`);
}

/** In-memory store for the CLI, the demo and unit tests; same semantics as the S3 store. */
export class MemoryStateStore implements StateStore {
  private readonly data = new Map<string, { json: string; version: number }>();
  private counter = 0;

  async get<T>(key: string): Promise<Stored<T> | undefined> {
    const d = this.data.get(key);
    return d ? { value: JSON.parse(d.json) as T, version: String(d.version) } : undefined;
  }

  async create<T>(key: string, value: T): Promise<boolean> {
    if (this.data.has(key)) return false;
    this.data.set(key, { json: JSON.stringify(value), version: ++this.counter });
    return true;
  }

  async replace<T>(key: string, value: T, version: string): Promise<boolean> {
    const d = this.data.get(key);
    if (!d || String(d.version) !== version) return false;
    this.data.set(key, { json: JSON.stringify(value), version: ++this.counter });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  async entries(prefix: string): Promise<Array<{ key: string; version: string }>> {
    return (await this.list(prefix)).map((key) => ({ key, version: String(this.data.get(key)!.version) }));
  }
}
