/** Runs of consecutive points meeting a condition (for "sustained" threshold findings). */

export interface Run {
  first: number;
  last: number;
  /** Index of the most extreme value in the run. */
  peak: number;
  points: number;
}

/**
 * The runs where `test(v[i])` holds for at least `minPoints` consecutive points; `worse(a, b)` says
 * whether value a is more extreme than b (for the peak).
 */
export function runsWhere(v: readonly number[], test: (x: number) => boolean, minPoints: number, worse: (a: number, b: number) => boolean): Run[] {
  const runs: Run[] = [];
  let cur: Run | undefined;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (test(x)) {
      if (!cur) cur = { first: i, last: i, peak: i, points: 1 };
      else {
        cur.last = i;
        cur.points++;
        if (worse(x, v[cur.peak]!)) cur.peak = i;
      }
    } else if (cur) {
      if (cur.points >= minPoints) runs.push(cur);
      cur = undefined;
    }
  }
  if (cur && cur.points >= minPoints) runs.push(cur);
  return runs;
}

/** The run with the most extreme peak, or undefined. */
export function worstRun(v: readonly number[], runs: Run[], worse: (a: number, b: number) => boolean): Run | undefined {
  let best: Run | undefined;
  for (const r of runs) if (!best || worse(v[r.peak]!, v[best.peak]!)) best = r;
  return best;
}
