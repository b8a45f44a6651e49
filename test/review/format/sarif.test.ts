/** reviewSarif: SARIF 2.1.0 for GitHub code scanning, validated against the OASIS schema. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { reviewSarif } from '../../../src/review/format/sarif';
import { sampleFiles } from './files';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } } }[];
  partialFingerprints: { statementSql: string };
}

describe('reviewSarif', () => {
  it('writes SARIF 2.1.0 that validates against the OASIS schema, with a location on every result', async () => {
    const doc = reviewSarif(await sampleFiles(), '0.1.0') as { runs: { tool: { driver: { rules: { id: string }[] } }; results: SarifResult[] }[] };
    const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, validateFormats: false });
    const ok = ajv.validate(schema, doc);
    expect(ajv.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const run = doc.runs[0]!;
    expect(run.results.length).toBeGreaterThanOrEqual(2);
    for (const r of run.results) {
      expect(r.locations[0]!.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    }
    const syn = run.results.find((r) => r.ruleId === 'syntax-error')!;
    expect(syn.level).toBe('error');
    expect(syn.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'migrations/b.sql' }, region: { startLine: 2, startColumn: 1 } });
    expect(run.results.find((r) => r.ruleId === 'delete-without-where')!.level).toBe('error');
  });

  it("keeps a result's fingerprint when the statement moves, and names stdin stdin.sql", async () => {
    const [, b] = await sampleFiles();
    const moved = { file: '-', result: b!.result };
    const fp = (doc: unknown) => (doc as { runs: { results: SarifResult[] }[] }).runs[0]!.results.map((r) => r.partialFingerprints.statementSql);
    expect(fp(reviewSarif([moved], '0.1.0'))).toEqual(fp(reviewSarif([b!], '0.1.0')));
    const uris = (reviewSarif([moved], '0.1.0') as { runs: { results: SarifResult[] }[] }).runs[0]!.results.map(
      (r) => r.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    expect(new Set(uris)).toEqual(new Set(['stdin.sql']));
  });
});
