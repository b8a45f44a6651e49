/** core/errors.ts: the one user-facing marker, recognised across copies of the module (the CLI's verb bundles). */
import { describe, expect, it, vi } from 'vitest';
import { isUserFacing, UserFacingError, userMessage } from '../../src/core/errors';

describe('UserFacingError', () => {
  it('shows a user-facing message as written and redacts anything else', () => {
    expect(userMessage(new UserFacingError("I don't know `gamedb9`."))).toBe("I don't know `gamedb9`.");
    expect(userMessage(new Error('connect ETIMEDOUT gamedb1.cluster-abc.ap-northeast-2.rds.amazonaws.com:3306'))).not.toContain('amazonaws');
    expect(isUserFacing(new Error('x'))).toBe(false);
    expect(isUserFacing('a string')).toBe(false);
    expect(isUserFacing(null)).toBe(false);
  });

  it('subclasses carry the marker', () => {
    class SecretLikeError extends UserFacingError {
      override name = 'SecretLikeError';
    }
    expect(isUserFacing(new SecretLikeError('the secret is missing'))).toBe(true);
  });

  it('is recognised when thrown by another copy of the module, where instanceof fails', async () => {
    vi.resetModules();
    const copy = (await import('../../src/core/errors')) as typeof import('../../src/core/errors');
    expect(copy.UserFacingError).not.toBe(UserFacingError);
    const e = new copy.UserFacingError('cannot read slow.log: ENOENT');
    expect(e instanceof UserFacingError).toBe(false);
    expect(isUserFacing(e)).toBe(true);
    expect(userMessage(e)).toBe('cannot read slow.log: ENOENT');
  });
});
