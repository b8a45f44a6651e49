/** A review of several files (CLI batch review): per-file results and one consolidated summary. */
import { atLeast, worstSeverity, type Severity } from '../../core/severity';
import type { ReviewResult } from '../types';

export interface FileReview {
  /** Path as given or found, relative to the working directory; `-` for stdin. */
  file: string;
  result: ReviewResult;
}

export interface BatchSummary {
  files: number;
  statements: number;
  findings: number;
  worst: Severity | 'none';
  /** Severity at or above which a file fails. */
  failOn: Severity;
  failedFiles: number;
  perFile: { file: string; statements: number; findings: number; worst: Severity | 'none'; pass: boolean }[];
}

export function fileFails(result: ReviewResult, failOn: Severity): boolean {
  return result.statements.some((s) => s.findings.some((f) => atLeast(f.severity, failOn)));
}

export function batchSummary(files: readonly FileReview[], failOn: Severity): BatchSummary {
  const perFile = files.map(({ file, result }) => ({
    file,
    statements: result.summary.statements,
    findings: result.summary.findings,
    worst: result.summary.worst,
    pass: !fileFails(result, failOn),
  }));
  const worst = worstSeverity(perFile.flatMap((f) => (f.worst === 'none' ? [] : [f.worst])));
  return {
    files: files.length,
    statements: perFile.reduce((n, f) => n + f.statements, 0),
    findings: perFile.reduce((n, f) => n + f.findings, 0),
    worst: worst ?? 'none',
    failOn,
    failedFiles: perFile.filter((f) => !f.pass).length,
    perFile,
  };
}
