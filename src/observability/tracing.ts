/**
 * Powertools Tracer for the functions that talk to AWS: every SDK client it is given records an X-Ray
 * subsegment per call (S3, Secrets Manager, SQS, Bedrock, RDS, CloudWatch). Outside Lambda (tests, CLI)
 * Powertools turns tracing off by itself. The functions run with X-Ray active tracing (serverless.yml).
 */
import { Tracer } from '@aws-lambda-powertools/tracer';

let tracer: Tracer | undefined;

export function functionTracer(fn: string): Tracer {
  tracer ??= new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? `dbassist-${fn}` });
  return tracer;
}

/** The client, instrumented (the same object: Tracer adds middleware to it). */
export function traced<T>(fn: string, client: T): T {
  return functionTracer(fn).captureAWSv3Client(client);
}
