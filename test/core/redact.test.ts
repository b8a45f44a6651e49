/** The one redactor: logs, Slack text and model input all go through redact / redactValue. */
import { describe, expect, test } from 'vitest';
import { maskSql } from '../../src/ai/mask';
import { UserFacingError, userMessage } from '../../src/core/errors';
import { createLogger } from '../../src/core/log';
import { isSecretKey, redact, redactValue } from '../../src/core/redact';

describe('redact', () => {
  test.each([
    // keys and tokens
    ['AWS access key', 'key AKIAABCDEFGHIJKLMNOP used', 'key [access-key] used'],
    ['AWS session key', 'ASIAXYZXYZXYZXYZXYZX expired', '[access-key] expired'],
    ['Slack bot token', 'token xoxb-123-456-abcDEF leaked', 'token [token] leaked'],
    ['Slack app token', 'SLACK_APP_TOKEN xapp-1-A0-123-abc', 'SLACK_APP_TOKEN [token]'],
    ['bearer token', 'Authorization: Bearer eyJhbGciOi.J9.sig-_x==', 'Authorization: Bearer [redacted]'],
    ['password pair', 'password=hunter2 user=kim', 'password=[redacted] user=kim'],
    ['quoted secret pair', 'secret: "s3 cr3t" next', 'secret: [redacted] next'],
    ['api key pair', 'api_key=abc123&x=1', 'api_key=[redacted]&x=1'],
    ['private key', 'k=-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY----- ok', 'k=[private-key] ok'],
    // passwords in DDL
    ['IDENTIFIED BY', "CREATE USER 'app'@'%' IDENTIFIED BY 'hunter2';", "CREATE USER 'app'@'%' IDENTIFIED BY [redacted];"],
    [
      'IDENTIFIED WITH … BY',
      "ALTER USER app IDENTIFIED WITH mysql_native_password BY 'pw' REQUIRE SSL",
      'ALTER USER app IDENTIFIED WITH mysql_native_password BY [redacted] REQUIRE SSL',
    ],
    [
      'IDENTIFIED BY PASSWORD hash',
      "GRANT ALL ON *.* TO x IDENTIFIED BY PASSWORD '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9'",
      'GRANT ALL ON *.* TO x IDENTIFIED BY PASSWORD [redacted]',
    ],
    // DSNs
    ['mysql URL', 'connect mysql://admin:pw@db-1.corp.example.com:3306/game', 'connect [credentials]/game'],
    ['URL without password', 'mysql://root:@127.0.0.1:3306/', '[credentials]/'],
    ['Go DSN', 'dsn root:s3cret@tcp(10.0.0.5:3306)/game?parseTime=true', 'dsn [credentials]/game?parseTime=true'],
    ['JDBC URL', 'jdbc:mysql://10.0.0.5:3306/game?user=app&password=pw', 'jdbc:mysql://[ip]/game?user=app&password=[redacted]'],
    // hosts
    ['Aurora cluster endpoint with port', 'from gamedb1.cluster-cabc123xyz.us-west-2.rds.amazonaws.com:3306 on', 'from [host] on'],
    ['any AWS host', 'sts.us-east-1.amazonaws.com refused', '[host] refused'],
    ['private host', 'host db-7.internal down', 'host [host] down'],
    ['corporate host', 'via mysql-3.dc1.example.com', 'via [host]'],
    ['IPv4 with port', 'Access denied for user @ 10.0.1.23:3306', 'Access denied for user @ [ip]'],
    ['IPv6', 'peer fe80:0:0:0:200:f8ff:fe21:67cf gone', 'peer [ip] gone'],
    // ARNs and account ids
    ['role ARN', 'assumed arn:aws:iam::123456789012:role/dbassist, then', 'assumed [arn], then'],
    ['China ARN', 'arn:aws-cn:rds:cn-north-1:123456789012:db:x', '[arn]'],
    ['account id', 'account 123456789012 denied', 'account [account] denied'],
    ['account id ending a sentence', 'Not authorized in account 123456789012. Retry', 'Not authorized in account [account]. Retry'],
    [
      'AWS SDK access denied',
      'User: arn:aws:sts::123456789012:assumed-role/dbassist-prod-worker/x is not authorized to perform: rds:DescribeDBInstances',
      'User: [arn] is not authorized to perform: rds:DescribeDBInstances',
    ],
  ])('%s', (_what, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  test('leaves schema.table.column, versions, times and plain numbers alone', () => {
    const text = 'game.users.id examined 9,210,443 rows; db1.t2.c3 at 14:05; version 8.0.mysql_aurora.3.08.0; 1234567890123 bytes';
    expect(redact(text)).toBe(text);
  });

  test('the string where three redactors disagreed is now fully cleaned', () => {
    const text = "failed: AKIAABCDEFGHIJKLMNOP on db-7.internal:3306 running CREATE USER x IDENTIFIED BY 'hunter2'";
    expect(redact(text)).toBe('failed: [access-key] on [host] running CREATE USER x IDENTIFIED BY [redacted]');
  });
});

describe('redactValue', () => {
  test('redacts secret-looking keys and every string, keeps ordinary keys and numbers', () => {
    const out = redactValue({
      password: 'p',
      botToken: 'xoxb-1',
      signingSecret: 's',
      DB_PASSWORD: 'x',
      'x-api-key': 'k',
      passages: 3,
      inputTokens: 120,
      account: 123456789012,
      note: 'token xoxb-123-abc leaked on 10.1.2.3',
      nested: { Authorization: 'Bearer x', hosts: ['x.rds.amazonaws.com'] },
    });
    expect(out).toEqual({
      password: '[redacted]',
      botToken: '[redacted]',
      signingSecret: '[redacted]',
      DB_PASSWORD: '[redacted]',
      'x-api-key': '[redacted]',
      passages: 3,
      inputTokens: 120,
      account: 123456789012,
      note: 'token [token] leaked on [ip]',
      nested: { Authorization: '[redacted]', hosts: ['[host]'] },
    });
  });

  test('errors become name and redacted message; deep nesting is cut', () => {
    expect(redactValue({ error: new Error('denied for 10.0.0.9') })).toEqual({ error: { name: 'Error', message: 'denied for [ip]' } });
    const deep = { a: { b: { c: 1 } } };
    expect(redactValue(deep, 2)).toEqual({ a: { b: '[…]' } });
  });

  test('secret keys', () => {
    for (const k of [
      'password',
      'pwd',
      'dbPassword',
      'clientSecret',
      'refresh_token',
      'authorization',
      'x-hub-signature',
      'credentials',
      'private_key',
      'apiKey',
    ])
      expect(isSecretKey(k), k).toBe(true);
    for (const k of ['passages', 'inputTokens', 'tokensUsed', 'user', 'host', 'message']) expect(isSecretKey(k), k).toBe(false);
  });
});

describe('every path out goes through it', () => {
  test('logs: fields and the message', () => {
    const lines: string[] = [];
    createLogger({}, (l) => lines.push(l), 'info').info('connect to 10.0.0.5 failed', {
      error: new Error("IDENTIFIED BY 'x' at arn:aws:iam::123456789012:role/r"),
      botToken: 'xoxb-9',
    });
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: 'connect to [ip] failed',
      error: { message: 'IDENTIFIED BY [redacted] at [arn]' },
      botToken: '[redacted]',
    });
  });

  test('Slack text: an internal error is redacted and cut, a user-facing one is shown as written', () => {
    expect(userMessage(new Error(`mysql://u:p@h.example.com/db AKIAABCDEFGHIJKLMNOP ${'x'.repeat(600)}`))).toMatch(/^\[credentials\]\/db \[access-key\] x+…$/);
    expect(userMessage(new Error('x')).length).toBe(1);
    expect(userMessage(new UserFacingError('I don\u2019t know `gamedb9`.'))).toBe('I don\u2019t know `gamedb9`.');
  });

  test('model input: masked SQL is redacted after its literals are replaced', () => {
    expect(maskSql("CREATE USER 'app'@'10.0.0.5' IDENTIFIED BY 'hunter2' -- for db-1.corp")).toBe('CREATE USER ?@? IDENTIFIED BY [redacted]');
  });
});
