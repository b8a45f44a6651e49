/**
 * EventBridge Scheduler for `/dbassist schedule`: one schedule per stored schedule, in the bot's own
 * schedule group, invoking the worker Lambda (through the scheduler role the worker may pass, and
 * nothing else) with the job as Input. No retries on the target: a job answers once.
 */
import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { client } from './clients';

export interface SchedulerSettings {
  region: string;
  /** The schedule group (serverless.yml creates it). */
  group: string;
  /** ARN of the role Scheduler assumes to invoke the worker. */
  roleArn: string;
  /** ARN of the worker Lambda. */
  workerArn: string;
}

export interface ScheduleSpec {
  name: string;
  expression: string;
  timezone: string;
  input: string;
  description: string;
}

export class ScheduleExistsError extends Error {
  override name = 'ScheduleExistsError';
}

export function eventBridgeScheduler(s: SchedulerSettings) {
  const scheduler = () => client(SchedulerClient, s.region);
  return {
    async create(spec: ScheduleSpec): Promise<void> {
      try {
        await scheduler().send(
          new CreateScheduleCommand({
            Name: spec.name,
            GroupName: s.group,
            ScheduleExpression: spec.expression,
            ScheduleExpressionTimezone: spec.timezone,
            FlexibleTimeWindow: { Mode: 'OFF' },
            State: 'ENABLED',
            Description: spec.description.slice(0, 512),
            Target: {
              Arn: s.workerArn,
              RoleArn: s.roleArn,
              Input: spec.input,
              // The worker answers once; a failed run is not repeated (the worker's own DLQ keeps failures).
              RetryPolicy: { MaximumRetryAttempts: 0 },
            },
          }),
        );
      } catch (e) {
        if (e instanceof ConflictException) throw new ScheduleExistsError(`a schedule named ${spec.name} already exists`);
        throw e;
      }
    },
    async delete(name: string): Promise<void> {
      try {
        await scheduler().send(new DeleteScheduleCommand({ Name: name, GroupName: s.group }));
      } catch (e) {
        if (e instanceof ResourceNotFoundException) return;
        throw e;
      }
    },
  };
}
