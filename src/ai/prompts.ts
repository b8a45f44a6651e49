/**
 * Prompt templates: one versioned text file per use under templates/prompts/, e.g.
 * `report-summary.v1.txt`, starting with a header line `# prompt: report-summary v1`. The version in
 * use is chosen here (a deliberate change, reviewed like code) and recorded in the logs.
 *
 * templates/ is found by walking up from this file's directory: that works from src/ai under tsx and
 * vitest, and beside an esbuild CommonJS bundle that ships templates/ next to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const PROMPT_VERSIONS = {
  'report-summary': 3,
  'review-explain': 1,
  'alert-triage': 1,
  'report-followup': 1,
} as const;

export type PromptName = keyof typeof PROMPT_VERSIONS;

export interface Prompt {
  name: PromptName;
  version: number;
  /** `report-summary.v1`: what the logs record. */
  id: string;
  /** The system prompt: the file without its header line. */
  text: string;
}

export class PromptError extends Error {
  override name = 'PromptError';
}

/** The nearest `templates/prompts` directory at or above `start`. */
export function findPromptsDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'templates', 'prompts');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new PromptError('templates/prompts was not found beside the code or in any parent directory');
    dir = parent;
  }
}

const cache = new Map<string, Prompt>();

/** Loads and checks one prompt file; cached per directory, name and version. */
export function loadPrompt(name: PromptName, version: number = PROMPT_VERSIONS[name], dir?: string): Prompt {
  const promptsDir = dir ?? findPromptsDir();
  const key = `${promptsDir}\0${name}\0${version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const id = `${name}.v${version}`;
  const path = join(promptsDir, `${id}.txt`);
  if (!existsSync(path)) throw new PromptError(`prompt ${id} is missing from templates/prompts`);
  const raw = readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
  const newline = raw.indexOf('\n');
  const header = (newline < 0 ? raw : raw.slice(0, newline)).trim();
  if (header !== `# prompt: ${name} v${version}`) throw new PromptError(`prompt ${id} has header "${header}", expected "# prompt: ${name} v${version}"`);
  const text = raw.slice(newline + 1).trim();
  if (!text) throw new PromptError(`prompt ${id} is empty`);
  const prompt: Prompt = { name, version, id, text };
  cache.set(key, prompt);
  return prompt;
}
