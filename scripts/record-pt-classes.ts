/**
 * Records what pt-query-digest finds in every real slow log of test/fixtures/slowlogs/real/: its event
 * count and each class (checksum → calls), into pt-query-digest.json beside them. The digest tests
 * compare ours with this record, so they need no pt-query-digest installed. Re-run after adding a log:
 *
 *   node bin/run-ts.js scripts/record-pt-classes.ts
 *
 * Needs pt-query-digest (Debian: apt-get install percona-toolkit).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const REAL_LOGS = join(__dirname, '..', 'test', 'fixtures', 'slowlogs', 'real');

export interface PtRecord {
  events: number;
  /** Class id (last 16 hex digits of pt's checksum) → calls. */
  classes: Record<string, number>;
}

/**
 * Logs where our classes differ from pt's on purpose, and why (in 3 of the 4, pt is the one that is
 * wrong). test/digest/pt-agreement.test.ts checks every other log agrees and these still differ.
 */
export const KNOWN_DIFFERENCES: Record<string, string> = {
  'go-mysql/slow017.log': 'pt reports nothing; the log has one well-formed entry (SHOW STATUS) after a header-less line',
  'go-mysql/slow023.log': 'pt glues an entry whose only statement is `use db;` to the next entry\'s header and makes a class of "user@host: …"',
  'percona-toolkit/slow041.txt': 'pt counts a header-less `# administrator command` with no Query_time at the top of the log; we count it as malformed',
  'percona-toolkit/slow056.txt': 'pt makes an empty-fingerprint class of an entry whose only statement is `use db;`; we call it `use ?`',
};

/** Every real log under test/fixtures/slowlogs/real, as paths relative to it (PROVENANCE and records excluded). */
export function realLogs(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(REAL_LOGS).sort()) {
    const full = join(REAL_LOGS, dir);
    if (!statSync(full).isDirectory()) continue;
    for (const f of readdirSync(full).sort()) out.push(`${dir}/${f}`);
  }
  return out;
}

/** A log's bytes (`.gz` logs are kept compressed, as upstream has them). */
export function readRealLog(name: string): Buffer {
  const bytes = readFileSync(join(REAL_LOGS, name));
  return name.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

export function ptDigest(path: string): PtRecord {
  const out = execFileSync('pt-query-digest', ['--output', 'json', '--limit', '100000', '--no-version-check', path], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 28,
  });
  const start = out.indexOf('{');
  if (start < 0) return { events: 0, classes: {} };
  const json = JSON.parse(out.slice(start)) as { global?: { query_count?: number }; classes?: Array<{ checksum: string; query_count: number | string }> };
  const classes: Record<string, number> = {};
  for (const c of (json.classes ?? []).sort((a, b) => (a.checksum < b.checksum ? -1 : 1))) classes[c.checksum.slice(-16).toUpperCase()] = Number(c.query_count);
  return { events: Number(json.global?.query_count ?? 0), classes };
}

function main(): void {
  const version = execFileSync('pt-query-digest', ['--version'], { encoding: 'utf8' }).trim();
  const tmp = mkdtempSync(join(tmpdir(), 'pt-record-'));
  const logs: Record<string, PtRecord> = {};
  try {
    for (const name of realLogs()) {
      let path = join(REAL_LOGS, name);
      if (name.endsWith('.gz')) {
        path = join(tmp, 'log');
        writeFileSync(path, readRealLog(name));
      }
      logs[name] = ptDigest(path);
      process.stderr.write(`${name}: ${logs[name].events} events, ${Object.keys(logs[name].classes).length} classes\n`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const file = join(REAL_LOGS, 'pt-query-digest.json');
  writeFileSync(file, `${JSON.stringify({ tool: version, logs }, null, 1)}\n`);
  process.stderr.write(`wrote ${relative(process.cwd(), file)} (${Object.keys(logs).length} logs)\n`);
}

if (process.argv[1] === __filename) main();
