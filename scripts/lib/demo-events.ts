/** SNS events shaped like CloudWatch alarm notifications, for the demo. */
import type { SNSEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

export function alarmNotification(state: 'ALARM' | 'OK', instance: string, at: Date, value: number): SNSEvent {
  const name = `${instance}-cpu-high-critical`;
  const arn = `arn:aws:cloudwatch:ap-northeast-2:111122223333:alarm:${name}`;
  const message = {
    AlarmName: name,
    AlarmDescription: 'Writer CPU at or above 90% for 5 minutes',
    AWSAccountId: '111122223333',
    NewStateValue: state,
    NewStateReason:
      state === 'ALARM'
        ? `Threshold Crossed: 1 out of the last 1 datapoints [${value}] was greater than or equal to the threshold (90.0).`
        : `Threshold Crossed: 1 out of the last 1 datapoints [${value}] was not greater than or equal to the threshold (90.0).`,
    StateChangeTime: at.toISOString().replace('Z', '+0000'),
    Region: 'Asia Pacific (Seoul)',
    AlarmArn: arn,
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    Trigger: {
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/RDS',
      Statistic: 'AVERAGE',
      Dimensions: [{ value: instance, name: 'DBInstanceIdentifier' }],
      Period: 300,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 90.0,
    },
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:ap-northeast-2:111122223333:dbassist-alerts:demo',
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: 'arn:aws:sns:ap-northeast-2:111122223333:dbassist-alerts',
          Subject: `${state}: "${name}" in Asia Pacific (Seoul)`,
          Message: JSON.stringify(message),
          Timestamp: at.toISOString(),
          SignatureVersion: '1',
          Signature: 'demo',
          SigningCertUrl: 'https://sns.invalid/cert.pem',
          UnsubscribeUrl: 'https://sns.invalid/unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}
