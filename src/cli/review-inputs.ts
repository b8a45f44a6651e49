/**
 * Expands `dbassist review` arguments into files: `-` (stdin), files, directories (every *.sql below,
 * sorted) and glob patterns (`*`, `?`, `**`, `[abc]`), so quoted patterns work without a shell.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { UserFacingError } from '../core/errors';

const GLOB = /[*?[]/;

function segmentRegex(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const j = seg.indexOf(']', i + 1);
      if (j < 0) re += '\\[';
      else {
        re += `[${seg
          .slice(i + 1, j)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = j;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile() && /\.sql$/i.test(e.name)) out.push(p);
  }
}

async function glob(cwd: string, pattern: string): Promise<string[]> {
  const abs = pattern.startsWith('/');
  const segs = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let current = [abs ? '/' : cwd];
  for (const [k, seg] of segs.entries()) {
    if (seg === '') continue;
    const last = k === segs.length - 1;
    const next: string[] = [];
    for (const base of current) {
      if (seg === '**') {
        const dirs: string[] = [base];
        const stack = [base];
        while (stack.length) {
          const d = stack.pop()!;
          for (const e of await readdir(d, { withFileTypes: true }).catch(() => []))
            if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') {
              dirs.push(join(d, e.name));
              stack.push(join(d, e.name));
            }
        }
        next.push(...dirs);
      } else if (!GLOB.test(seg)) {
        next.push(join(base, seg));
      } else {
        const re = segmentRegex(seg);
        for (const e of await readdir(base, { withFileTypes: true }).catch(() => []))
          if (re.test(e.name) && (!e.name.startsWith('.') || seg.startsWith('.')) && (last ? e.isFile() : e.isDirectory())) next.push(join(base, e.name));
      }
    }
    current = next;
  }
  const files: string[] = [];
  for (const p of current) if ((await stat(p).catch(() => undefined))?.isFile()) files.push(p);
  return [...new Set(files)].sort();
}

/** An argument that names nothing to review; the message is for the user. */
export class InputError extends UserFacingError {
  override name = 'InputError';
}

/** Files to review, in argument order, each relative to `cwd` (`-` kept as is). */
export async function expandInputs(cwd: string, args: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const a of args.length ? args : ['-']) {
    if (a === '-') {
      out.push('-');
      continue;
    }
    const p = resolve(cwd, a);
    if (GLOB.test(a)) {
      const found = await glob(cwd, a);
      if (!found.length) throw new InputError(`no file matches ${a}`);
      out.push(...found);
    } else if (await isDir(p)) {
      const found: string[] = [];
      await walk(p, found);
      if (!found.length) throw new InputError(`no .sql file under ${a}`);
      out.push(...found);
    } else out.push(p);
  }
  const seen = new Set<string>();
  return out.filter((f) => (f === '-' ? true : !seen.has(f) && !!seen.add(f))).map((f) => (f === '-' ? f : relative(cwd, f).split(sep).join('/') || f));
}
