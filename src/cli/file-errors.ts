/** A file that cannot be read, in words: `no such file: x.sql`, `x is a directory`, `permission denied: x` (exit 3). */
import { CliRuntimeError } from './io';

const WORDS: Record<string, (file: string, noun: string) => string> = {
  ENOENT: (f) => `no such file: ${f}`,
  EISDIR: (f, noun) => `${f} is a directory, not a ${noun}`,
  EACCES: (f) => `permission denied: ${f}`,
  EPERM: (f) => `permission denied: ${f}`,
  ENOTDIR: (f) => `no such file: ${f} (a part of the path is a file, not a directory)`,
  ELOOP: (f) => `${f}: too many levels of symbolic links`,
  ENAMETOOLONG: (f) => `file name too long: ${f.slice(0, 80)}…`,
  EMFILE: (f) => `cannot open ${f}: too many open files`,
  ENFILE: (f) => `cannot open ${f}: too many open files`,
  EIO: (f) => `cannot read ${f}: input/output error`,
};

/** `noun` names what the file should have been (`slow log`, `CSV file`) in the directory case. */
export function fileError(file: string, e: unknown, noun = 'file'): CliRuntimeError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const words = code ? WORDS[code] : undefined;
  if (words) return new CliRuntimeError(words(file, noun));
  return new CliRuntimeError(`cannot read ${file}: ${code ?? (e instanceof Error ? e.message : String(e))}`);
}
