/** Request limits, enforced at the ingress and again by the engine. */
export const MAX_REVIEW_BYTES = 256 * 1024;
export const MAX_REVIEW_STATEMENTS = 200;
