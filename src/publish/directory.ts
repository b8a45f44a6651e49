/**
 * The report pipeline's `publish` step for a local directory (the CLI's `--out`, the demo's ./out):
 * report.html and its artifacts side by side, so the HTML's relative links to its files work as is.
 * One layout for the CLI and the demo: `<root>/<instance>/<YYYYMMDDTHHMMSSZ>/` (reportDirectory).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserFacingError } from '../core/errors';

export interface DirectoryReport {
  instance: string;
  generatedAt: Date;
  html: string;
  artifacts: Readonly<Record<string, string>>;
}

/** The report's time as a directory name: `20261121T080000Z` (UTC, sorts in time order). */
export function reportStamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** `<root>/<instance>/<stamp>/`: where the CLI and the demo write a report. */
export function reportDirectory(root: string): (report: { instance: string; generatedAt: Date }) => string {
  return (report) => join(root, report.instance, reportStamp(report.generatedAt));
}

/** `dirFor` names the directory of each report (created when missing). */
export function directoryPublisher(dirFor: (report: DirectoryReport) => string) {
  return async (report: DirectoryReport): Promise<{ location: string; files: string[] }> => {
    const dir = dirFor(report);
    const files: string[] = [];
    try {
      await mkdir(dir, { recursive: true });
      // The HTML goes last, as on S3: it is only there once every file it links to is.
      for (const [name, body] of [...Object.entries(report.artifacts), ['report.html', report.html] as const]) {
        const path = join(dir, name);
        await writeFile(path, body);
        files.push(path);
      }
    } catch (e) {
      throw new UserFacingError(`cannot write the report to ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    return { location: dir, files };
  };
}
