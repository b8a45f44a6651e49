/**
 * A standalone HTML page for a long text result (a SQL review in Markdown, a slow-query digest in
 * pt-query-digest layout) that did not fit in Slack: the title, when it was made, and the text in a
 * <pre>, escaped. No script, no external resource. Pure.
 */
import { escapeHtml } from './html-escape';

export interface TextPage {
  title: string;
  /** ISO time the result was made. */
  generatedAt: string;
  /** The whole result, shown as preformatted text. */
  text: string;
}

export function renderTextPage(page: TextPage): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(page.title)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:24px;color:#1d2433}
h1{font-size:20px;margin:0 0 4px}
.meta{color:#5b6475;margin:0 0 16px}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;border:1px solid #d8dee4;border-radius:6px;padding:16px;font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}
</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<p class="meta">Generated ${escapeHtml(page.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))} by dbassist</p>
<pre>${escapeHtml(page.text)}</pre>
</body>
</html>
`;
}
