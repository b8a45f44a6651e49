/**
 * The only place that creates Bedrock clients. The SDK modules are loaded on first use (dynamic
 * import), so a container with AI turned off never loads or creates them. Clients are cached per
 * region, with the SDK's own retries off (`maxAttempts: 1`): converse.ts owns retries, backoff and
 * the time budget. Tests mock the real client classes with aws-sdk-client-mock.
 */
import type { BedrockRuntimeClient, ConverseCommandInput, ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import type { BedrockAgentRuntimeClient, RetrieveCommandInput, RetrieveCommandOutput } from '@aws-sdk/client-bedrock-agent-runtime';

const runtimeClients = new Map<string, BedrockRuntimeClient>();
const agentClients = new Map<string, BedrockAgentRuntimeClient>();
let created = 0;

async function runtimeClient(region: string): Promise<BedrockRuntimeClient> {
  let c = runtimeClients.get(region);
  if (!c) {
    const sdk = await import('@aws-sdk/client-bedrock-runtime');
    c = new sdk.BedrockRuntimeClient({ region, maxAttempts: 1 });
    runtimeClients.set(region, c);
    created++;
  }
  return c;
}

async function agentClient(region: string): Promise<BedrockAgentRuntimeClient> {
  let c = agentClients.get(region);
  if (!c) {
    const sdk = await import('@aws-sdk/client-bedrock-agent-runtime');
    c = new sdk.BedrockAgentRuntimeClient({ region, maxAttempts: 1 });
    agentClients.set(region, c);
    created++;
  }
  return c;
}

/** One Converse request (no retries here). */
export async function sendConverse(region: string, input: ConverseCommandInput, abortSignal?: AbortSignal): Promise<ConverseCommandOutput> {
  const [client, sdk] = await Promise.all([runtimeClient(region), import('@aws-sdk/client-bedrock-runtime')]);
  return client.send(new sdk.ConverseCommand(input), abortSignal ? { abortSignal } : {});
}

/** One Knowledge Base Retrieve request (no retries here). */
export async function sendRetrieve(region: string, input: RetrieveCommandInput, abortSignal?: AbortSignal): Promise<RetrieveCommandOutput> {
  const [client, sdk] = await Promise.all([agentClient(region), import('@aws-sdk/client-bedrock-agent-runtime')]);
  return client.send(new sdk.RetrieveCommand(input), abortSignal ? { abortSignal } : {});
}

/** How many Bedrock clients this container created (tests check that AI off creates none). */
export function bedrockClientsCreated(): number {
  return created;
}

/** For tests: forget cached clients and the count. */
export function resetBedrockClients(): void {
  runtimeClients.clear();
  agentClients.clear();
  created = 0;
}
