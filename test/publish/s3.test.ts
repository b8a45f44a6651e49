import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, test } from 'vitest';
import { resetClients } from '../../src/aws/clients';
import { contentTypeOf, publishReport, reportPrefix } from '../../src/publish/s3';

const s3 = mockClient(S3Client);
beforeEach(() => {
  s3.reset();
  resetClients();
});

test('reportPrefix is reports/<instance>/<UTC stamp>-<suffix>/', () => {
  expect(reportPrefix('gamedb1-1', new Date('2026-11-21T08:09:10.123Z'), 'abc123')).toBe('reports/gamedb1-1/20261121T080910Z-abc123/');
  expect(reportPrefix('gamedb1-1', new Date(), 'x')).not.toBe(reportPrefix('gamedb1-1', new Date(), 'y'));
});

test('puts every file encrypted, with its content type, HTML last', async () => {
  s3.on(PutObjectCommand).resolves({ ETag: '"e"' });
  const r = await publishReport({
    region: 'ap-northeast-2',
    bucket: 'dbassist-reports-test',
    instance: 'gamedb1-1',
    generatedAt: new Date('2026-11-21T08:00:00Z'),
    files: { 'report.html': '<html></html>', 'metrics.csv': 'a,b\n', 'top-sql.sql': 'SELECT 1;', 'digest.json': '{}' },
  });
  expect(r.prefix).toMatch(/^reports\/gamedb1-1\/20261121T080000Z-[0-9a-f]{6}\/$/);
  const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
  expect(puts.map((p) => [p.Key, p.ContentType, p.ServerSideEncryption, p.Bucket])).toEqual([
    [`${r.prefix}metrics.csv`, 'text/csv; charset=utf-8', 'AES256', 'dbassist-reports-test'],
    [`${r.prefix}top-sql.sql`, 'application/sql; charset=utf-8', 'AES256', 'dbassist-reports-test'],
    [`${r.prefix}digest.json`, 'application/json; charset=utf-8', 'AES256', 'dbassist-reports-test'],
    [`${r.prefix}report.html`, 'text/html; charset=utf-8', 'AES256', 'dbassist-reports-test'],
  ]);
  expect(puts[3]!.Body).toBe('<html></html>');
  expect(r.keys).toEqual(puts.map((p) => p.Key));
});

test('refuses file names that could escape the prefix, and a report without HTML', async () => {
  const base = { region: 'ap-northeast-2', bucket: 'b', instance: 'i', generatedAt: new Date() };
  await expect(publishReport({ ...base, files: { 'report.html': 'x', '../state/x.json': '{}' } })).rejects.toThrow(/invalid report file name/);
  await expect(publishReport({ ...base, files: { 'metrics.csv': 'x' } })).rejects.toThrow(/report.html/);
  expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
});

test('content types', () => {
  expect(contentTypeOf('chart.svg')).toBe('image/svg+xml');
  expect(contentTypeOf('noext')).toBe('application/octet-stream');
});

test('a prefix chosen beforehand is used as is; anything else is refused', async () => {
  s3.on(PutObjectCommand).resolves({});
  const base = { region: 'ap-northeast-2', bucket: 'b', instance: 'gamedb1-1', generatedAt: new Date(), files: { 'report.html': 'x' } };
  const r = await publishReport({ ...base, prefix: 'reports/gamedb1-1/20261121T080000Z-abcdef/' });
  expect(r.keys).toEqual(['reports/gamedb1-1/20261121T080000Z-abcdef/report.html']);
  await expect(publishReport({ ...base, prefix: 'state/events/' })).rejects.toThrow('invalid report prefix');
});
