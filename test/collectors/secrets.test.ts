import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, test } from 'vitest';
import { resetClients } from '../../src/aws/clients';
import { getCredentials, parseCredentials, resetCredentialsCache } from '../../src/collectors/secrets';

const sm = mockClient(SecretsManagerClient);
beforeEach(() => {
  sm.reset();
  resetClients();
  resetCredentialsCache();
});

test('reads the secret once per container and parses username, password, host and port', async () => {
  sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'dbassist', password: 'pw', host: 'h', port: '3307', dbname: 'game' }) });
  const a = await getCredentials({ region: 'ap-northeast-2', secretId: 'dbassist/gamedb1' });
  const b = await getCredentials({ region: 'ap-northeast-2', secretId: 'dbassist/gamedb1' });
  expect(a).toEqual({ username: 'dbassist', password: 'pw', host: 'h', port: 3307, dbname: 'game' });
  expect(b).toBe(a);
  expect(sm.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).toEqual([{ SecretId: 'dbassist/gamedb1' }]);
});

test('a failed read names neither the secret nor its ARN, and is not cached', async () => {
  const denied = Object.assign(new Error('User is not authorized to access arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:dbassist/gamedb1-AbCd'), {
    name: 'AccessDeniedException',
  });
  sm.on(GetSecretValueCommand).rejectsOnce(denied).resolves({ SecretString: '{"username":"u","password":"p"}' });
  const err = await getCredentials({ region: 'ap-northeast-2', secretId: 'dbassist/gamedb1' }).catch((e: Error) => e);
  expect((err as Error).message).toBe('could not read the credentials secret (AccessDeniedException)');
  expect((err as Error).message).not.toMatch(/gamedb1|arn|123456789012/);
  expect(await getCredentials({ region: 'ap-northeast-2', secretId: 'dbassist/gamedb1' })).toEqual({ username: 'u', password: 'p' });
});

test('a secret without username or password is refused without echoing it', () => {
  expect(() => parseCredentials('{"user":"x","password":"hunter2"}')).toThrow('the credentials secret lacks username or password');
  expect(() => parseCredentials('hunter2')).toThrow('the credentials secret is not a JSON object');
});
