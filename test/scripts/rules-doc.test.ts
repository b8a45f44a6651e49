import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesDoc } from '../../scripts/rules-doc';
import { RULES } from '../../src/review/rules/index';
import { SCRIPT_RULES } from '../../src/review/rules/script';
import { SOAR_ITEMS } from '../../src/review/rules/soar';

describe('docs/rules.md', () => {
  it('crosses all 131 SOAR heuristics: each is covered by a rule or says why it does not apply', () => {
    expect(SOAR_ITEMS).toHaveLength(131);
    const covered = new Set([...RULES, ...SCRIPT_RULES].flatMap((r) => r.soar ?? []));
    for (const it of SOAR_ITEMS) expect(covered.has(it.item) || (it.live?.length ?? 0) > 0 || !!it.notApplicable, it.item).toBe(true);
    for (const it of SOAR_ITEMS) if (it.notApplicable) expect(covered.has(it.item), `${it.item} is covered yet marked not applicable`).toBe(false);
  });

  it('is generated from the code and up to date', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8')).toBe(rulesDoc());
  });
});
