import { describe, expect, test } from 'vitest';
import {
  AccessDeniedException,
  ThrottlingException,
  ValidationException,
  ServiceUnavailableException,
  ModelNotReadyException,
  ResourceNotFoundException,
} from '@aws-sdk/client-bedrock-runtime';
import { backoffDelay, classifyError, ModelCallError, withRetries } from '../../src/ai/retry';

const meta = { $metadata: {} };

describe('classifyError', () => {
  test.each([
    [new ThrottlingException({ message: 'Too many requests, please wait', ...meta }), 'throttled', true],
    [Object.assign(new Error('throttlingexception: rate exceeded in stream'), { name: 'Error' }), 'throttled', true],
    [Object.assign(new Error('Model stream error'), { name: 'throttlingException' }), 'throttled', true],
    [new ServiceUnavailableException({ message: 'unavailable', ...meta }), 'unavailable', true],
    [new ModelNotReadyException({ message: 'not ready', ...meta }), 'unavailable', true],
    [Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }), 'timeout', true],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'timeout', true],
    [new AccessDeniedException({ message: 'User is not authorized to perform bedrock:InvokeModel', ...meta }), 'access-denied', false],
    [new AccessDeniedException({ message: "You don't have access to the model with the specified model ID.", ...meta }), 'model-not-enabled', false],
    [new ValidationException({ message: 'The provided model identifier is invalid.', ...meta }), 'invalid-model', false],
    [new ValidationException({ message: 'Input is too long', ...meta }), 'invalid-request', false],
    [new ResourceNotFoundException({ message: 'Model not found', ...meta }), 'not-found', false],
    [new Error('something odd'), 'error', false],
  ])('%s', (error, kind, retryable) => {
    expect(classifyError(error)).toEqual({ kind, retryable });
  });
});

function clock() {
  const state = { t: 1_000, sleeps: [] as number[] };
  return {
    state,
    now: () => state.t,
    sleep: async (ms: number) => {
      state.sleeps.push(ms);
      state.t += ms;
    },
    random: () => 0.5,
  };
}

const throttled = () => new ThrottlingException({ message: 'slow down', ...meta });

describe('withRetries', () => {
  test('retries throttling with jittered exponential backoff, then succeeds', async () => {
    const c = clock();
    let calls = 0;
    const result = await withRetries(
      't',
      async () => {
        calls++;
        if (calls < 3) throw throttled();
        return 'ok';
      },
      { deadline: c.state.t + 20_000, ...c },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(c.state.sleeps).toEqual([backoffDelay(1, c.random), backoffDelay(2, c.random)]);
    expect(c.state.sleeps).toEqual([250, 500]);
  });

  test('gives up after maxAttempts with the last failure kind', async () => {
    const c = clock();
    let calls = 0;
    const run = withRetries(
      't',
      async () => {
        calls++;
        throw throttled();
      },
      { deadline: c.state.t + 60_000, maxAttempts: 3, ...c },
    );
    await expect(run).rejects.toMatchObject({ name: 'ModelCallError', kind: 'throttled', attempts: 3 });
    expect(calls).toBe(3);
  });

  test('does not retry non-retryable errors', async () => {
    const c = clock();
    let calls = 0;
    const run = withRetries(
      't',
      async () => {
        calls++;
        throw new AccessDeniedException({ message: 'denied for arn:aws:iam::123456789012:role/x', ...meta });
      },
      { deadline: c.state.t + 20_000, ...c },
    );
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as ModelCallError).kind).toBe('access-denied');
    expect((error as Error).message).not.toContain('123456789012');
    expect(calls).toBe(1);
    expect(c.state.sleeps).toEqual([]);
  });

  test('stops when the next wait would pass the deadline', async () => {
    const c = clock();
    let calls = 0;
    const run = withRetries(
      't',
      async () => {
        calls++;
        c.state.t += 900; // each attempt takes 0.9 s of the 1.5 s budget
        throw throttled();
      },
      { deadline: c.state.t + 1_500, ...c },
    );
    await expect(run).rejects.toMatchObject({ kind: 'throttled', attempts: 2 });
    expect(calls).toBe(2);
    expect(c.state.sleeps).toEqual([250]);
  });

  test('an attempt still running at the deadline is aborted and reported as a timeout', async () => {
    let calls = 0;
    const run = withRetries(
      't',
      (signal) => {
        calls++;
        return new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
      },
      { deadline: Date.now() + 20, now: Date.now, sleep: async () => undefined, random: () => 0.5 },
    );
    await expect(run).rejects.toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(calls).toBe(1);
  });

  test('backoff is capped and scales with the random draw', () => {
    expect(backoffDelay(1, () => 0.999, 500, 4_000)).toBe(499);
    expect(backoffDelay(6, () => 0.999, 500, 4_000)).toBe(3_996);
    expect(backoffDelay(3, () => 0, 500, 4_000)).toBe(0);
  });
});
