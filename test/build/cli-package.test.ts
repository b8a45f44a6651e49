/**
 * The CLI as a user gets it: built by build/cli.cjs (what `npm ci`/`npm pack` run through `prepare`),
 * packed with `npm pack`, installed with `npm install -g` from the tarball into a scratch prefix, then
 * run from there. Also: help and --version load no verb, a verb loads only its own file, and the
 * tarball holds what a user needs and nothing else (no sources, no tests).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const { buildCli, VERBS, LIVE_MODULES } = require('../../build/cli.cjs') as {
  buildCli: () => Promise<{ outdir: string }>;
  VERBS: string[];
  LIVE_MODULES: string[];
};

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dbassist.js');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'slowlogs', 'real', 'beats', 'mysql-ubuntu-8.0.15.log');
const VERSION = (require('../../package.json') as { version: string }).version;
const npmEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'dbassist-pack-'));
  await buildCli();
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The project files a command loaded: `node -r` a hook that prints them at exit. */
function loadedFiles(args: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const hook = "process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache))))";
  const r = spawnSync(process.execPath, ['-e', `${hook}; process.argv.splice(1, 0, '${BIN}'); require('${BIN}')`, '--', ...args], { encoding: 'utf8', env });
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED ')) ?? 'LOADED []';
  return (JSON.parse(line.slice(7)) as string[])
    .filter((f) => f.startsWith(ROOT))
    .map((f) => f.slice(ROOT.length + 1))
    .sort();
}

describe('the built CLI', () => {
  it('is one small dispatcher, one file per verb and one per live (AWS) part of a verb', () => {
    const files = readdirSync(join(ROOT, 'dist', 'cli')).sort();
    expect(files).toEqual(['main.js', ...VERBS.map((v) => `${v}.js`), ...LIVE_MODULES.map((m) => `live-${m}.js`)].sort());
    expect(LIVE_MODULES).toEqual(expect.arrayContaining(['digest', 'instances', 'report']));
    expect(statSync(join(ROOT, 'dist', 'cli', 'main.js')).size).toBeLessThan(30_000);
  });

  it('answers --version and help without loading any verb', () => {
    expect(loadedFiles(['--version'])).toEqual(['bin/dbassist.js', 'dist/cli/main.js']);
    expect(loadedFiles(['help', 'digest'])).toEqual(['bin/dbassist.js', 'dist/cli/main.js']);
  });

  it('loads only the verb it runs', () => {
    expect(loadedFiles(['digest', FIXTURE, '--format', 'json'])).toEqual(['bin/dbassist.js', 'dist/cli/digest.js', 'dist/cli/main.js']);
  });

  it('loads the AWS part only for a live digest, and answers a lack of credentials in one line (exit 3)', () => {
    const none = join(tmpdir(), 'dbassist-no-such-aws-config');
    const env = { PATH: process.env.PATH, HOME: tmpdir(), AWS_CONFIG_FILE: none, AWS_SHARED_CREDENTIALS_FILE: none, AWS_EC2_METADATA_DISABLED: 'true' };
    expect(loadedFiles(['digest', 'gamedb1-1', '1h', '--region', 'ap-northeast-2'], env)).toEqual([
      'bin/dbassist.js',
      'dist/cli/digest.js',
      'dist/cli/live-digest.js',
      'dist/cli/main.js',
    ]);
    const r = spawnSync(process.execPath, [BIN, 'digest', 'gamedb1-1', '1h', '--region', 'ap-northeast-2'], { encoding: 'utf8', env });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^dbassist digest: no AWS credentials found: [^\n]*\n$/);
  });
});

describe('npm pack, then npm install -g from the tarball', () => {
  it('packs the bin, the bundles and the report templates, and no sources or tests', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', env: npmEnv });
    const files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path).sort();
    expect(files).toEqual(
      expect.arrayContaining(['bin/dbassist.js', 'dist/cli/main.js', 'dist/cli/digest.js', 'templates/report.html', 'package.json', 'README.md']),
    );
    expect(files.filter((f) => /^(src|test|bench|scripts|build|docs)\//.test(f) || f.endsWith('.ts'))).toEqual([]);
  });

  it('gives a working dbassist', () => {
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8', env: npmEnv, stdio: 'pipe' });
    const tarball = readdirSync(scratch).find((f) => /^dbassist-.*\.tgz$/.test(f));
    expect(tarball).toBeDefined();
    const prefix = join(scratch, 'prefix');
    execFileSync('npm', ['install', '-g', '--offline', '--prefix', prefix, join(scratch, tarball!)], { encoding: 'utf8', env: npmEnv, stdio: 'pipe' });
    const dbassist = join(prefix, 'bin', 'dbassist');
    const run = (...args: string[]) => spawnSync(dbassist, args, { encoding: 'utf8', cwd: scratch });

    expect(run('--version').stdout).toBe(`dbassist ${VERSION}\n`);
    expect(run('help').stdout).toMatch(/^usage: dbassist <command>/);
    const help = run('help', 'digest');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: dbassist digest FILE\|-/);
    expect(run('digest', '--help').stdout).toBe(help.stdout);

    const digest = run('digest', FIXTURE, '--format', 'json');
    expect(digest.status).toBe(0);
    const json = JSON.parse(digest.stdout) as { totals: { events: number; classes: number } };
    expect(json.totals).toMatchObject({ events: 2, classes: 1 });

    // Errors cross from a verb's bundle to the dispatcher's, each with its own copy of the error
    // classes: a user-facing one is still shown as written, a usage error still gets the usage.
    const bad = run('digest', 'no-such.log');
    expect(bad.status).toBe(3);
    expect(bad.stderr).toBe('dbassist digest: no such file: no-such.log\n');
    const usage = run('digest', FIXTURE, '--top', '0');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^dbassist digest: --top .*\nusage: dbassist digest FILE\|-\|<instance> <window> /);
    // Installed with no runtime dependencies: the bundles carry what they need.
    expect(readdirSync(join(prefix, 'lib', 'node_modules', 'dbassist'))).not.toContain('node_modules');
  }, 120_000);
});
