/**
 * The jobs thread: the workspace's long work (imports, runs, what-if, reports, deletions) runs here,
 * on its own connection, so that the thread answering requests never waits for it. Events go to the
 * port the thread was started with; calls come over comlink.
 */
import { expose } from 'comlink';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { JobService, type JobRequest } from '../backend/jobs';
import { Workspace } from '../backend/workspace';
import type { JobStatus } from '../shared/contract';
import { endpointOf } from './comlink-node';

const { dbPath, events } = workerData as { dbPath: string; events: MessagePort };
const ws = Workspace.open(dbPath);
const service = new JobService(ws, (event) => events.postMessage(event));

export interface JobsWorkerApi {
  start(request: JobRequest): { jobId: string };
  cancel(jobId: string): boolean;
  cancelAll(): void;
  list(): JobStatus[];
  deleteDataset(id: number): Promise<{ deleted: true }>;
  report(id: number, options: Parameters<JobService['report']>[1]): Promise<{ html: string; name: string }>;
  explain(id: number, contact: string): ReturnType<JobService['explain']>;
  attribute(id: number, by: Parameters<JobService['attribute']>[1]): ReturnType<JobService['attribute']>;
  close(): Promise<void>;
}

const api: JobsWorkerApi = {
  start: (request) => service.start(request),
  cancel: (jobId) => service.cancel(jobId),
  cancelAll: () => service.cancelAll(),
  list: () => service.list(),
  deleteDataset: (id) => service.deleteDataset(id),
  report: (id, options) => service.report(id, options),
  explain: (id, contact) => service.explain(id, contact),
  attribute: (id, by) => service.attribute(id, by),
  async close() {
    await service.close();
    ws.close();
    events.close();
  },
};

expose(api, endpointOf(parentPort!));
