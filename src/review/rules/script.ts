/** Rules over a whole script rather than one statement (SOAR ALT.002). */
import type { Severity } from '../../core/severity';
import { parseAlterTable, parseCreateIndex } from '../ddl';
import { isWord } from '../statement';
import type { Token } from '../tokens';
import type { StatementType } from '../types';
import type { RuleExamples } from './rule';

export interface ScriptStatement {
  index: number;
  type: StatementType;
  tokens: Token[];
}

export interface ScriptHit {
  index: number;
  detail?: string;
}

export interface ScriptRule {
  id: string;
  severity: Severity;
  message: string;
  why: string;
  /** Whole scripts: bad ones must produce a hit, good ones none. */
  examples: RuleExamples;
  soar?: string[];
  also?: string[];
  check(statements: readonly ScriptStatement[]): ScriptHit[];
}

/** The table a schema-changing statement alters, lower-cased with its database. */
function alteredTable(st: ScriptStatement): string | undefined {
  const n =
    st.type === 'alter_table'
      ? parseAlterTable(st.tokens)?.table
      : st.type === 'create_index'
        ? parseCreateIndex(st.tokens)?.table
        : isWord(st.tokens[0], 'DROP') && isWord(st.tokens[1], 'INDEX')
          ? tableOfDropIndex(st.tokens)
          : undefined;
  return n ? `${n.db ? `${n.db}.` : ''}${n.name}`.toLowerCase() : undefined;
}

function tableOfDropIndex(t: readonly Token[]): { db?: string; name: string } | undefined {
  const on = t.findIndex((x) => isWord(x, 'ON'));
  const a = t[on + 1];
  if (on < 0 || !a) return undefined;
  return t[on + 2]?.text === '.' && t[on + 3] ? { db: a.text.replace(/`/g, ''), name: t[on + 3]!.text.replace(/`/g, '') } : { name: a.text.replace(/`/g, '') };
}

export const SCRIPT_RULES: readonly ScriptRule[] = [
  {
    id: 'alter-table-repeated',
    severity: 'low',
    message: 'Several ALTER statements for the same table',
    why: 'Each ALTER may rebuild the table and takes its metadata lock again; on a large table that multiplies the copy time and the replica lag. Merge them into one ALTER TABLE with comma-separated changes.',
    examples: {
      bad: ['ALTER TABLE tbl ADD COLUMN col INT;\nALTER TABLE tbl ADD INDEX idx_col (col);', 'ALTER TABLE t ADD COLUMN a INT;\nCREATE INDEX idx_a ON t (a);'],
      good: ['ALTER TABLE tbl ADD COLUMN col int, ADD INDEX idx_col (`col`);', 'ALTER TABLE a ADD COLUMN x INT;\nALTER TABLE b ADD COLUMN x INT;'],
    },
    soar: ['ALT.002'],
    also: ['goInception merge_alter_table'],
    check: (statements) => {
      const seen = new Map<string, number>();
      const out: ScriptHit[] = [];
      for (const st of statements) {
        const t = alteredTable(st);
        if (!t) continue;
        const first = seen.get(t);
        if (first !== undefined) out.push({ index: st.index, detail: `${t} is also altered by statement #${first + 1}` });
        else seen.set(t, st.index);
      }
      return out;
    },
  },
];
