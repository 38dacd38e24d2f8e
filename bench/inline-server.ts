/**
 * The baseline for bench/responsiveness: the same jobs as `scorecast serve` runs, but on the thread
 * that answers requests (how serve ran them before the jobs thread). Not part of the product.
 * Usage: tsx bench/inline-server.ts WORKSPACE
 */
import http from 'node:http';
import { listDatasets } from '../src/backend/datasets';
import { JobService, type JobRequest } from '../src/backend/jobs';
import { listRuns } from '../src/backend/runs';
import { Workspace } from '../src/backend/workspace';

const ws = Workspace.open(process.argv[2]!);
const jobs = new JobService(ws, () => {});

const handlers: Record<string, (body: Record<string, unknown>) => unknown> = {
  'datasets.list': () => listDatasets(ws.db),
  'runs.list': () => listRuns(ws.db),
  'jobs.list': () => jobs.list(),
  'import.path': (b) => jobs.start({ kind: 'import', source: { kind: 'file', path: b.path as string }, options: { name: 'bench' } }),
  'runs.start': (b) => jobs.start({ kind: 'run', ...(b as object) } as JobRequest),
  'whatif.sweep': (b) => jobs.start({ kind: 'sweep', ...(b as object) } as JobRequest),
  'runs.report': (b) => jobs.report(b.id as number, { forecast: b.forecast as never }),
};

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d: Buffer) => (body += d.toString()));
  req.on('end', () => {
    const method = /^\/api\/call\/(.+)$/.exec(req.url ?? '')?.[1] ?? '';
    Promise.resolve()
      .then(() => handlers[method]!(JSON.parse(body || '{}') as Record<string, unknown>))
      .then(
        (result) => res.end(JSON.stringify({ ok: true, result })),
        (err: Error) => res.end(JSON.stringify({ ok: false, error: err.message })),
      );
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${(server.address() as { port: number }).port}`));
process.on('SIGTERM', () => process.exit(0));
