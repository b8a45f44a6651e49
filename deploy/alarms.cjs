// CloudWatch alarms on the bot itself (serverless.yml: `${file(./deploy/alarms.cjs):<path>}`). Every
// alarm notifies the bot's own alerts topic on ALARM and OK, so a channel subscribed to
// `dbassist-<stage>-*` sees the bot's own trouble threaded like any other alarm (the parser takes the
// function or queue name as the alarm's target). Missing data is "not breaching": an idle function is
// not an incident.
const FUNCTIONS = ['slack', 'worker', 'alerts', 'reports'];

module.exports = async ({ resolveVariable }) => {
  const service = await resolveVariable('self:service');
  const stage = await resolveVariable('sls:stage');
  const prefix = `${service}-${stage}`;
  const notify = { AlarmActions: [{ Ref: 'AlertsTopic' }], OKActions: [{ Ref: 'AlertsTopic' }], TreatMissingData: 'notBreaching' };
  const alarm = (name, description, metric) => ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: { AlarmName: `${prefix}-${name}`, AlarmDescription: description, ...metric, ...notify },
  });
  const lambda = (fn, metricName, what) =>
    alarm(`${fn}-${metricName.toLowerCase()}`, `${what} in the dbassist ${fn} function (${prefix}-${fn})`, {
      Namespace: 'AWS/Lambda',
      MetricName: metricName,
      Dimensions: [{ Name: 'FunctionName', Value: `${prefix}-${fn}` }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  const queueDepth = (queue, what) =>
    alarm(`${queue}-dlq-depth`, what, {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: `${prefix}-${queue}-dlq` }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  return {
    lambdaErrors: Object.fromEntries(FUNCTIONS.map((fn) => [fn, lambda(fn, 'Errors', 'Invocations failed')])),
    lambdaThrottles: Object.fromEntries(FUNCTIONS.map((fn) => [fn, lambda(fn, 'Throttles', 'Invocations throttled')])),
    deadLetters: {
      worker: queueDepth('worker', `Jobs the worker could not run or answer are waiting in ${prefix}-worker-dlq`),
      alerts: queueDepth('alerts', `Notifications that failed five deliveries are waiting in ${prefix}-alerts-dlq (they never reached Slack)`),
    },
    backlog: alarm('alerts-backlog', `Notifications have waited more than 10 minutes in ${prefix}-alerts (alerts are late)`, {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: `${prefix}-alerts` }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 600,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
    // The worker's own EMF metric (src/core/metrics.ts METRIC.jobTimeouts), dimension service only.
    jobTimeouts: alarm('worker-job-timeouts', `Jobs ran out of time in ${prefix}-worker (the user got a time-out message)`, {
      Namespace: 'dbassist',
      MetricName: 'JobTimeouts',
      Dimensions: [{ Name: 'service', Value: `${prefix}-worker` }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
  };
};
