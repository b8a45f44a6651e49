/**
 * Report link URLs (`<publicUrl>/r/<token>[/<artifact>]`, made by link.ts) read back from text Slack
 * hands us: the shape alone (what the ingress can check without configuration), or the shape on our own
 * public URL (what the worker checks before it verifies the token). No S3 and no key here, so the
 * ingress bundle may use it.
 */

/** `/r/<body>.<mac>` with an optional artifact (a file name as s3.ts ARTIFACT_NAME allows), at the end of the path. */
const LINK_PATH = /\/r\/([A-Za-z0-9_-]{1,1000}\.[A-Za-z0-9_-]{1,100})(?:\/([A-Za-z0-9][A-Za-z0-9._-]{0,63}))?\/?$/;

export interface LinkParts {
  token: string;
  artifact?: string;
}

function parts(pathname: string): LinkParts | undefined {
  const m = LINK_PATH.exec(pathname);
  if (!m) return undefined;
  return { token: m[1]!, ...(m[2] ? { artifact: m[2] } : {}) };
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Whether a URL has the shape of a report link (https, `/r/<token>` path), whatever its host. */
export function looksLikeReportLink(url: string): boolean {
  const u = parse(url);
  return u !== undefined && u.protocol === 'https:' && parts(u.pathname) !== undefined;
}

/** The token (and artifact) of a report link on `publicUrl`; undefined for any other URL. */
export function reportLinkParts(url: string, publicUrl: string): LinkParts | undefined {
  const u = parse(url);
  const base = parse(publicUrl);
  if (!u || !base || u.protocol !== base.protocol || u.host.toLowerCase() !== base.host.toLowerCase() || u.username || u.password) return undefined;
  const basePath = base.pathname.replace(/\/+$/, '');
  if (!u.pathname.startsWith(`${basePath}/r/`)) return undefined;
  const p = parts(u.pathname.slice(basePath.length));
  return p && `${basePath}/r/${p.token}${p.artifact ? `/${p.artifact}` : ''}` === u.pathname.replace(/\/$/, '') ? p : undefined;
}

/** The instance (or page name) a report prefix `reports/<name>/<stamp>/` belongs to. */
export function prefixName(prefix: string): string | undefined {
  return /^reports\/([A-Za-z0-9-]+)\/[A-Za-z0-9-]+\/$/.exec(prefix)?.[1];
}
