/**
 * Opens the rendered report in real headless Chromium (Debian `chromium`): no console errors, no page
 * errors, no network requests beyond the file itself, and a screenshot that is not blank.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { renderReport } from '../../src/report/render';
import { simulateInstance } from '../../src/collectors/simulated/simulate';
import { decodePng, pixelStats } from './png';

const CHROMIUM = process.env.DBASSIST_CHROMIUM ?? '/usr/bin/chromium';
const INSTALL_HINT = `Chromium not found at ${CHROMIUM}. Install it (Debian/Ubuntu: \`apt-get install -y chromium\`) or set DBASSIST_CHROMIUM to its path. Do not use \`npx playwright install\`.`;
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('report in headless Chromium', () => {
  it('renders offline with no console or page errors and a non-blank screenshot', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(INSTALL_HINT);
    const out = mkdtempSync(join(tmpdir(), 'dbassist-report-'));
    const profile = mkdtempSync(join(tmpdir(), 'dbassist-chromium-'));
    dirs.push(out, profile);
    const data = simulateInstance('gamedb1-1', { ms: 86_400_000 }, { seed: 9, end: new Date('2026-11-20T12:00:00Z') });
    const analysis = analyse(data);
    const { html, artifacts } = renderReport(data, analysis, {
      verdict: 'Degraded: CPU saturated by one query class',
      bullets: ['CPU reached 95 % during the incident'],
      actions: ['Index items(owner_id, expires_at)'],
      citations: [],
      source: 'fallback',
      note: 'deterministic summary',
    });
    writeFileSync(join(out, 'report.html'), html);
    for (const [name, body] of Object.entries(artifacts)) writeFileSync(join(out, name), body);

    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1200, height: 1600 },
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(join(out, 'report.html')).href;
      await page.goto(url, { waitUntil: 'load' });
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      expect(await page.title()).toContain(analysis.verdict.level.toUpperCase());
      expect(await page.locator('svg.chart').count()).toBe(data.metrics.length);
      // The charts have a real size (the SVG laid out, not collapsed).
      const box = await page.locator('svg.chart').first().boundingBox();
      expect(box!.width).toBeGreaterThan(500);
      expect(box!.height).toBeGreaterThan(80);
      const png = await page.screenshot({ fullPage: false });
      const stats = pixelStats(decodePng(png));
      expect(stats.colors).toBeGreaterThan(50);
      expect(stats.nonBackground).toBeGreaterThan(0.05);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('detects a blank page (the check can fail)', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(INSTALL_HINT);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 400, height: 300 } });
      await page.setContent('<html><body style="background:#fff"></body></html>');
      const stats = pixelStats(decodePng(await page.screenshot()));
      expect(stats.colors).toBe(1);
      expect(stats.nonBackground).toBe(0);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
