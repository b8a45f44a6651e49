/**
 * Splits a pasted script into statements the way the mysql client does, without the parser:
 * quotes, backticks, escapes, `--`/`#`/block comments, `/*! *\/` version comments and DELIMITER lines.
 * A statement that holds only comments is dropped; comments before a statement stay with it.
 * Linear in the script's length (a 200,000-character paste splits in milliseconds).
 */
import { isDashComment, skipQuoted } from './tokens';

export interface SplitStatement {
  /** Statement text without its delimiter, trimmed. */
  sql: string;
  /** Offset of the statement's first character in the script. */
  offset: number;
  /** 1-based line of the statement's first non-blank character. */
  line: number;
  /** The delimiter that ended it ('' for the last statement without one). */
  delimiter: string;
}

const DELIMITER_LINE = /^[ \t]*delimiter[ \t]+(\S+)[ \t]*(?:\r?\n|$)/i;

const isBlankChar = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v' || /\s/.test(ch);

/** True when the text holds nothing but whitespace and comments. */
export function isBlankSql(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) i++;
    else if (ch === '#' || isDashComment(text, i)) {
      const j = text.indexOf('\n', i);
      i = j < 0 ? text.length : j + 1;
    } else if (ch === '/' && text[i + 1] === '*' && text[i + 2] !== '!' && text[i + 2] !== '+') {
      const j = text.indexOf('*/', i + 2);
      i = j < 0 ? text.length : j + 2;
    } else return false;
  }
  return true;
}

export function splitStatements(script: string): SplitStatement[] {
  const out: SplitStatement[] = [];
  let delimiter = ';';
  let start = 0;
  let i = 0;
  let atLineStart = true;
  const n = script.length;
  let line = 1;
  let linePos = 0;
  const emit = (end: number, delim: string) => {
    const raw = script.slice(start, end);
    if (!isBlankSql(raw)) {
      const lead = raw.length - raw.trimStart().length;
      const offset = start + lead;
      for (; linePos < offset; linePos++) if (script.charCodeAt(linePos) === 10) line++;
      out.push({ sql: raw.trim(), offset, line, delimiter: delim });
    }
  };
  // Whether anything but whitespace and comments was seen since `start`: kept incrementally, so the
  // DELIMITER check at each line start costs O(1) and the whole split stays linear in the script.
  let code = false;
  while (i < n) {
    if (atLineStart) {
      atLineStart = false;
      // DELIMITER is a client command: only at the start of a line, outside any statement text.
      if (!code) {
        const m = DELIMITER_LINE.exec(script.slice(i, i + 200));
        if (m) {
          emit(i, delimiter);
          delimiter = m[1]!;
          i += m[0].length;
          start = i;
          atLineStart = true;
          continue;
        }
      }
    }
    const ch = script[i]!;
    if (ch === '\n') {
      atLineStart = true;
      i++;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      i = skipQuoted(script, i, ch, ch !== '`');
      code = true;
      continue;
    }
    if (ch === '#' || isDashComment(script, i)) {
      const j = script.indexOf('\n', i);
      i = j < 0 ? n : j;
      continue;
    }
    if (ch === '/' && script[i + 1] === '*') {
      const j = script.indexOf('*/', i + 2);
      // Version comments and hints are statement text to the server.
      if (script[i + 2] === '!' || script[i + 2] === '+' || (script[i + 2] === 'M' && script[i + 3] === '!')) code = true;
      i = j < 0 ? n : j + 2;
      continue;
    }
    if (script.startsWith(delimiter, i)) {
      emit(i, delimiter);
      i += delimiter.length;
      start = i;
      code = false;
      continue;
    }
    if (!code && !isBlankChar(ch)) code = true;
    i++;
  }
  emit(n, '');
  return out;
}
