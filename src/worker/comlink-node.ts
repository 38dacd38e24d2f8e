/** comlink over worker_threads: the one place that knows how the two meet. */
import { type Endpoint } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { MessagePort, Worker } from 'node:worker_threads';

export function endpointOf(port: MessagePort | Worker): Endpoint {
  return nodeEndpoint(port as unknown as Parameters<typeof nodeEndpoint>[0]);
}
