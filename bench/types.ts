/** A benchmark module exports `benchmarks: Bench[]`; each returns rows for the results table. */
export interface BenchRow {
  figure: string;
  value: number;
  unit: string;
  /** Target, in words, e.g. "≤ 1.0 MB"; and whether the value meets it. */
  target?: string;
  pass?: boolean;
}

export interface Bench {
  name: string;
  run(): Promise<BenchRow[]>;
}
