import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findPromptsDir, loadPrompt, PROMPT_VERSIONS, type PromptName } from '../../src/ai/prompts';

describe('prompts', () => {
  test.each(Object.keys(PROMPT_VERSIONS) as PromptName[])('%s loads with its header, asks for the JSON shape', (name) => {
    const p = loadPrompt(name);
    expect(p.id).toBe(`${name}.v${PROMPT_VERSIONS[name]}`);
    expect(p.text.startsWith('# prompt')).toBe(false);
    for (const field of ['"verdict"', '"bullets"', '"actions"', '"sources"']) expect(p.text).toContain(field);
    expect(p.text).toMatch(/no Markdown, no Slack or HTML markup/);
  });

  test('finds templates/prompts by walking up from a nested directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'prompts-'));
    mkdirSync(join(root, 'templates', 'prompts'), { recursive: true });
    mkdirSync(join(root, 'dist', 'worker'), { recursive: true });
    expect(findPromptsDir(join(root, 'dist', 'worker'))).toBe(join(root, 'templates', 'prompts'));
  });

  test('rejects a file whose header does not match its name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prompts-'));
    writeFileSync(join(dir, 'alert-triage.v9.txt'), '# prompt: report-summary v9\nbody');
    expect(() => loadPrompt('alert-triage', 9, dir)).toThrow('expected "# prompt: alert-triage v9"');
    expect(() => loadPrompt('alert-triage', 8, dir)).toThrow('alert-triage.v8 is missing');
  });
});
