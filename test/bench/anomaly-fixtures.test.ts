import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadLabelledSet } from '../../bench/anomaly/nab';

const DIR = join(__dirname, '..', 'fixtures', 'nab');

/** git's blob id of a file's bytes (what PROVENANCE.md lists). */
const blobId = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

describe('the NAB development set (test/fixtures/nab)', () => {
  const provenance = readFileSync(join(DIR, 'PROVENANCE.md'), 'utf8');
  const listed = [...provenance.matchAll(/^\| `data\/([^`]+)` \| `([0-9a-f]{40})` \|$/gm)].map((m) => ({ key: m[1]!, blob: m[2]! }));
  const labels = JSON.parse(readFileSync(join(DIR, 'combined_windows.json'), 'utf8')) as Record<string, unknown>;

  it('holds exactly the series PROVENANCE.md lists, byte for byte as upstream', () => {
    expect(listed.length).toBe(41);
    expect(Object.keys(labels).sort()).toEqual(listed.map((l) => l.key).sort());
    for (const { key, blob } of listed) expect(blobId(gunzipSync(readFileSync(join(DIR, `${key}.gz`)))), key).toBe(blob);
  });

  it('keeps the realAWSCloudwatch folder out', () => {
    expect(Object.keys(labels).filter((k) => /AWSCloudwatch/i.test(k))).toEqual([]);
    expect(provenance).not.toMatch(/\| `data\/realAWSCloudwatch/);
  });

  it('loads every labelled series with UTC label times, and fails loudly on a missing file', () => {
    const set = loadLabelledSet(DIR, join(DIR, 'combined_windows.json'));
    expect(set).toHaveLength(41);
    const taxi = set.find((s) => s.key === 'realKnownCause/nyc_taxi.csv')!;
    expect(taxi.labels).toHaveLength(5);
    expect(new Date(taxi.labels[0]!.start).toISOString()).toBe('2014-10-30T15:30:00.000Z');
    expect(() => loadLabelledSet(join(DIR, 'realTweets'), join(DIR, 'combined_windows.json'))).toThrow(/neither .* nor .*\.gz/);
  });
});
