/**
 * Opens the rendered report in real headless Chromium (Debian `chromium`) at 1200 and 390 px: no console
 * or page errors, no network requests beyond the file itself, the likely cause on the first screen, no
 * sideways scrolling, legible charts, and screenshots of both widths that are not blank.
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
  it('renders offline with no console or page errors; at 1200 and 390 px the cause is on the first screen and nothing overflows', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(INSTALL_HINT);
    const out = mkdtempSync(join(tmpdir(), 'dbassist-report-'));
    const profile = mkdtempSync(join(tmpdir(), 'dbassist-chromium-'));
    dirs.push(out, profile);
    const data = simulateInstance('gamedb1-1', { ms: 86_400_000 }, { seed: 9, end: new Date('2026-11-20T12:00:00Z'), scenario: 'lock-contention' });
    const analysis = analyse(data);
    const { html, artifacts } = renderReport(data, analysis, {
      verdict: 'Degraded: row-lock waits behind one idle transaction',
      bullets: ['Lock waits took most of the load during the incident'],
      actions: ['End the blocking session'],
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
      viewport: { width: 1200, height: 900 },
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
      for (const [width, height] of [
        [1200, 900],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.goto(url, { waitUntil: 'load' });
        expect(errors).toEqual([]);
        expect(await page.title()).toContain(analysis.verdict.level.toUpperCase());
        // The likely cause and its first action are on the first screen, at both widths.
        const cause = await page.locator('#first-screen .verdict .cause').boundingBox();
        expect(cause!.y + cause!.height).toBeLessThanOrEqual(height);
        expect(await page.locator('#first-screen .verdict .cause').textContent()).toContain('session 5123');
        const firstAction = await page.locator('#first-screen ol.actions li').first().boundingBox();
        expect(firstAction!.y).toBeLessThan(width === 1200 ? height : 3 * height);
        // Nothing makes the page scroll sideways: wide tables scroll inside their own box.
        expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(width);
        // Charts keep a readable size: value labels at least 7 px tall on screen.
        const chart = page.locator('#charts svg.chart').first();
        const box = await chart.boundingBox();
        expect(box!.width).toBeGreaterThan(width === 1200 ? 300 : 320);
        const label = await chart.locator('text.axis').first().boundingBox();
        expect(label!.height).toBeGreaterThanOrEqual(7);
        expect(await page.locator('#load svg.chart.load').count()).toBe(1);
        const png = await page.screenshot({ fullPage: false });
        writeFileSync(join(out, `first-screen-${width}.png`), png);
        const stats = pixelStats(decodePng(png));
        expect(stats.colors).toBeGreaterThan(50);
        expect(stats.nonBackground).toBeGreaterThan(0.05);
      }
      expect(requests.every((r) => r === url)).toBe(true);
    } finally {
      await context.close();
    }
  }, 90_000);

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
