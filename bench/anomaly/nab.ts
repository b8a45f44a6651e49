/**
 * The NAB-style data set on disk: one `timestamp,value` CSV per series (optionally gzipped) under folder
 * names, and a `combined_windows.json` mapping `folder/file.csv` to labelled `[start, end]` windows.
 * Times without a zone are UTC, as in NAB.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseCsvTime } from '../../src/report/csv';
import type { Interval } from './score';

export interface LabelledSeries {
  /** `folder/file.csv`, as in the labels file. */
  key: string;
  folder: string;
  /** The CSV text (decompressed). */
  csv: string;
  labels: Interval[];
}

/** Timestamps of a `timestamp,…` CSV (first column), in file order; zone-less times are UTC. */
export function csvTimestamps(csv: string): number[] {
  const out: number[] = [];
  const lines = csv.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    out.push(parseCsvTime(line.slice(0, line.indexOf(',')).trim()));
  }
  return out;
}

/**
 * Loads every series the labels file names whose folder is in `folders` (all when omitted) from `dir`
 * (`dir/folder/file.csv` or `dir/folder/file.csv.gz`). A series named in the labels but missing on
 * disk is an error: a bench must not pass on a partial set.
 */
export function loadLabelledSet(dir: string, labelsFile: string, folders?: readonly string[]): LabelledSeries[] {
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as Record<string, [string, string][]>;
  const out: LabelledSeries[] = [];
  for (const key of Object.keys(labels).sort()) {
    const folder = key.split('/')[0]!;
    if (folders && !folders.includes(folder)) continue;
    const plain = join(dir, key);
    const gz = `${plain}.gz`;
    const csv = existsSync(plain) ? readFileSync(plain, 'utf8') : existsSync(gz) ? gunzipSync(readFileSync(gz)).toString('utf8') : undefined;
    if (csv === undefined) throw new Error(`${key} is in ${labelsFile} but neither ${key} nor ${key}.gz is under the data folder`);
    out.push({ key, folder, csv, labels: labels[key]!.map(([s, e]) => ({ start: parseCsvTime(s), end: parseCsvTime(e) })) });
  }
  return out;
}

/** Folders present under `dir` (for listing what a data set holds). */
export function foldersIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}
