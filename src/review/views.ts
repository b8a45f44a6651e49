/**
 * Views reachable from a statement are treated as part of it: a view whose definition calls a stored
 * function runs that function with its definer's rights while the optimizer plans (a READ ONLY
 * transaction does not stop `SET GLOBAL`). Every name in the statement that matches a view is looked
 * up in information_schema.VIEWS and its definition is vetted like pasted SQL, recursively; a view
 * whose definition the review user cannot see is refused too.
 */
import type { Flavor } from './functions';
import { viewsQuery } from './schema-queries';
import { vetForExplain, type TableRef } from './vet';

export type ReadRows = (sql: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

interface ViewRow {
  schema: string;
  name: string;
  definition: string | null;
}

const MAX_DEPTH = 4;
const CHUNK = 500;

export class ViewChecker {
  private readonly known = new Map<string, ViewRow[]>();

  constructor(
    private readonly read: ReadRows,
    private readonly defaultSchema: string | undefined,
    private readonly flavor: Flavor | undefined,
  ) {}

  /** Views (any schema) named like one of `names`, fetched once per name. */
  private async views(names: string[]): Promise<Map<string, ViewRow[]>> {
    const missing = [...new Set(names.map((n) => n.toLowerCase()))].filter((n) => !this.known.has(n));
    for (let i = 0; i < missing.length; i += CHUNK) {
      const chunk = missing.slice(i, i + CHUNK);
      for (const n of chunk) this.known.set(n, []);
      // The names as written and lower-cased: information_schema compares them the way the server
      // resolves table names (case-insensitively on MariaDB and with lower_case_table_names).
      const asked = [...new Set(names.filter((n) => chunk.includes(n.toLowerCase())).concat(chunk))];
      const rows = await this.read(viewsQuery(asked.length), asked);
      for (const r of rows) {
        const v = { schema: String(r.s), name: String(r.n), definition: r.d === null || r.d === undefined ? null : String(r.d) };
        this.known.get(v.name.toLowerCase())?.push(v);
      }
    }
    return this.known;
  }

  /** Why the statement must not be explained because of a view it reaches, or undefined. */
  async check(names: TableRef[], schema = this.defaultSchema, depth = 0): Promise<string | undefined> {
    if (names.length === 0) return undefined;
    const known = await this.views(names.map((n) => n.name));
    for (const ref of names) {
      const inSchema = (ref.schema ?? schema)?.toLowerCase();
      for (const v of known.get(ref.name.toLowerCase()) ?? []) {
        // Table names may be case-sensitive on the server; matching case-insensitively only refuses more.
        if (inSchema !== undefined && v.schema.toLowerCase() !== inSchema) continue;
        const label = `${v.schema}.${v.name}`;
        if (depth >= MAX_DEPTH) return `it reads view ${label} through more than ${MAX_DEPTH} levels of views`;
        if (!v.definition) return `it reads view ${label}, whose definition the review user cannot see (grant SHOW VIEW so it can be checked)`;
        const vetted = vetForExplain(v.definition, this.flavor ? { flavor: this.flavor } : {});
        if (!vetted.ok) return `it reads view ${label}, whose definition is not safe to plan (${vetted.reason.replace(/^not explained: (it )?/, '')})`;
        const inner = await this.check(vetted.names, v.schema, depth + 1);
        if (inner) return inner;
      }
    }
    return undefined;
  }
}
