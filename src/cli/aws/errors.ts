/**
 * AWS failures of the CLI's live verbs as one line that says what to do: expired or missing
 * credentials (`run aws sso login --profile X`), access denied (`the role needs rds:DescribeDBInstances`),
 * throttling, an unreachable endpoint. Every one is a CliRuntimeError (exit 3). The message never
 * carries an account id, an ARN or a request id (the redactor runs on anything quoted from AWS).
 */
import { isUserFacing } from '../../core/errors';
import { redact } from '../../core/redact';
import { CliRuntimeError } from '../io';

export interface AwsErrorContext {
  /** The IAM action of the call that failed, e.g. `rds:DescribeDBInstances`. */
  action: string;
  region: string;
  /** The profile in use (`--profile`, else AWS_PROFILE), for the advice. */
  profile?: string;
}

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired', 'RequestExpired']);
const REJECTED = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'AuthFailure',
  'MissingAuthenticationToken',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'NotAuthorized', 'NotAuthorizedException', 'AuthorizationError']);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);
const NETWORK = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

function nameOf(e: unknown): string {
  const err = e as { name?: string; Code?: string; code?: string };
  return String(err?.Code ?? err?.name ?? 'Error');
}

const loginAdvice = (profile: string | undefined): string =>
  profile
    ? `run \`aws sso login --profile ${profile}\` (or refresh the profile's keys)`
    : 'run `aws sso login --profile NAME` and pass --profile NAME (or refresh your keys)';

/** The IAM action AWS names in an access-denied message ("… is not authorized to perform: pi:GetResourceMetrics on …"). */
function deniedAction(message: string): string | undefined {
  return /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message)?.[1];
}

/** One line for the user: what failed and what to do. */
export function awsErrorMessage(e: unknown, ctx: AwsErrorContext): string {
  const name = nameOf(e);
  const message = String((e as { message?: string })?.message ?? e);
  const code = (e as { code?: string })?.code;
  const on = ctx.profile ? ` of profile ${ctx.profile}` : '';

  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    if (/sso|token/i.test(message) && /expired|invalid|not found/i.test(message))
      return `the AWS SSO session${on} has expired or is not signed in: ${loginAdvice(ctx.profile)}`;
    if (/Could not load credentials from any providers/i.test(message))
      return 'no AWS credentials found: run `aws sso login --profile NAME` and pass --profile NAME, or set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)';
    if (/Could not resolve credentials using profile|Profile .* not found|profile.*could not be found/i.test(message))
      return `no AWS credentials for profile ${ctx.profile ?? 'default'}: run \`aws configure sso --profile ${ctx.profile ?? 'NAME'}\` (or check ~/.aws/config)`;
    return `cannot load AWS credentials${on}: ${redact(message).slice(0, 200)}`;
  }
  if (EXPIRED.has(name)) {
    if (name === 'RequestExpired') return "AWS refused the request as expired (RequestExpired): check this machine's clock, then run it again";
    return `the AWS credentials${on} have expired (${name}): ${loginAdvice(ctx.profile)}`;
  }
  if (REJECTED.has(name)) return `AWS does not accept these credentials${on} (${name}): ${loginAdvice(ctx.profile)}`;
  if (DENIED.has(name)) {
    const action = deniedAction(message) ?? ctx.action;
    return `access denied (${name}): the role${on} needs ${action} (ask whoever manages its IAM policy to allow it)`;
  }
  if (THROTTLED.has(name) || (e as { $retryable?: { throttling?: boolean } })?.$retryable?.throttling)
    return `AWS is throttling ${ctx.action} in ${ctx.region} (${name}), still after retries: wait a minute and run it again, or ask for a shorter window`;
  if ((code && NETWORK.has(code)) || name === 'TimeoutError' || name === 'RequestTimeout' || name === 'NetworkingError')
    return `cannot reach AWS in ${ctx.region} (${code ?? name}): check the network, a proxy (HTTPS_PROXY) or --region`;
  return `${ctx.action} failed in ${ctx.region}: ${name}: ${redact(message).replace(/\s+/g, ' ').slice(0, 200)}`;
}

/** The error to throw: a user-facing one passes as is; anything from AWS becomes a one-line CliRuntimeError. */
export function awsCliError(e: unknown, ctx: AwsErrorContext): Error {
  if (isUserFacing(e)) return e;
  return new CliRuntimeError(awsErrorMessage(e, ctx));
}

/** Runs one AWS call (or a few of one action), turning its failure into the one-line error. */
export async function awsCall<T>(ctx: AwsErrorContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw awsCliError(e, ctx);
  }
}
