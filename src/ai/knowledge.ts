/**
 * Knowledge Base retrieval for Aurora MySQL guidance: one Retrieve call with a short query built from
 * the findings, the top passages kept with their citation (title from metadata, else the source URI).
 */
import type { KnowledgeBaseRetrievalResult, RetrieveCommandInput } from '@aws-sdk/client-bedrock-agent-runtime';
import { sendRetrieve } from './bedrock';
import { clipText } from './clip-text';
import { redact } from '../core/redact';
import type { AiCitation } from './types';

/** How many passages Retrieve returns and how many reach the prompt. */
export const KB_RESULTS = 4;
export const PASSAGE_CHARS = 1_200;
export const QUERY_CHARS = 300;

export interface Passage {
  /** 1-based, as numbered in the prompt. */
  n: number;
  title: string;
  uri?: string;
  text: string;
}

/** The Retrieve request for a query (exported so tests can assert the exact request). */
export function retrieveRequest(knowledgeBaseId: string, query: string): RetrieveCommandInput {
  return {
    knowledgeBaseId,
    retrievalQuery: { text: clipText(redact(query), QUERY_CHARS) },
    retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: KB_RESULTS } },
  };
}

function locationUri(r: KnowledgeBaseRetrievalResult): string | undefined {
  const meta = r.metadata?.['x-amz-bedrock-kb-source-uri'];
  if (typeof meta === 'string' && meta) return meta;
  const l = r.location;
  return (
    l?.s3Location?.uri ??
    l?.webLocation?.url ??
    l?.confluenceLocation?.url ??
    l?.sharePointLocation?.url ??
    l?.salesforceLocation?.url ??
    l?.kendraDocumentLocation?.uri ??
    l?.customDocumentLocation?.id ??
    undefined
  );
}

function titleOf(r: KnowledgeBaseRetrievalResult, uri: string | undefined): string {
  for (const key of ['title', 'x-amz-bedrock-kb-title', 'Title', 'document_title']) {
    const v = r.metadata?.[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  if (uri) {
    const last = uri
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .pop();
    if (last) return decodeURIComponent(last);
  }
  return 'Knowledge base passage';
}

/** Turns Retrieve results into numbered passages, text first; results without text are skipped. */
export function toPassages(results: KnowledgeBaseRetrievalResult[] | undefined): Passage[] {
  const out: Passage[] = [];
  for (const r of results ?? []) {
    const text = r.content?.text?.trim();
    if (!text) continue;
    const uri = locationUri(r);
    const passage: Passage = { n: out.length + 1, title: titleOf(r, uri), text: clipText(text.replace(/\s+/g, ' '), PASSAGE_CHARS) };
    if (uri) passage.uri = uri;
    out.push(passage);
    if (out.length >= KB_RESULTS) break;
  }
  return out;
}

export async function retrievePassages(region: string, knowledgeBaseId: string, query: string, signal?: AbortSignal): Promise<Passage[]> {
  const response = await sendRetrieve(region, retrieveRequest(knowledgeBaseId, query), signal);
  return toPassages(response.retrievalResults);
}

/** Citations for the passages the answer used, one per source document. */
export function citationsFor(passages: Passage[], used: number[] | undefined): AiCitation[] {
  const chosen = used === undefined ? passages : passages.filter((p) => used.includes(p.n));
  const out: AiCitation[] = [];
  for (const p of chosen) {
    if (out.some((c) => (p.uri ? c.uri === p.uri : c.title === p.title))) continue;
    const c: AiCitation = { title: p.title };
    if (p.uri) c.uri = p.uri;
    out.push(c);
  }
  return out;
}
