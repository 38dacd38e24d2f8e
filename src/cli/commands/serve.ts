/** serve: the app in a browser, on 127.0.0.1, with a per-launch token. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../backend/errors';
import { listDatasets } from '../../backend/datasets';
import { loadResources, loadServer } from '../lazy';
import type { RunningServer } from '../../server/server';
import { DB_OPTION, nonNegativeInt, openWorkspace } from '../options';
import { ensureSampleWithProgress } from './demo';

async function rendererDir(): Promise<string> {
  const { resourcesDir } = await loadResources();
  const dir = path.join(path.dirname(resourcesDir()), 'out', 'renderer');
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new UserError(`the app is not built (${dir} is missing); run \`npm run build\``);
  return dir;
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the app to a browser on 127.0.0.1 (the URL it prints carries a per-launch token)')
    .option(...DB_OPTION)
    .option('--port <n>', 'port (default: any free port)', nonNegativeInt, 0)
    .option('--open', 'open the URL in the default browser')
    .option('--with-sample', 'import the bundled sample first when the workspace has no datasets')
    .option('--abandon-after <seconds>', 'cancel running jobs once no page has been open for this long', nonNegativeInt, 10)
    .action(async (o: { db?: string; port: number; open?: boolean; withSample?: boolean; abandonAfter: number }) => {
      const staticDir = await rendererDir();
      const ws = await openWorkspace(o.db);
      if (o.withSample && listDatasets(ws.db).length === 0) await ensureSampleWithProgress(ws, (line) => console.error(line));
      // The backend's events go to the server's event streams, which exist only once it listens.
      const relay: { server?: RunningServer } = {};
      const [{ Backend }, { startServer }] = await loadServer();
      const backend = new Backend(ws, (event) => relay.server?.broadcast(event));
      const server = await startServer({ backend, staticDir, port: o.port, abandonAfterMs: o.abandonAfter * 1000 });
      relay.server = server;
      console.log(`Scorecast: workspace ${ws.file}`);
      console.log(`open ${server.url}`);
      if (o.open) openBrowser(server.url);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      // A second signal while stopping ends the process at once; SQLite keeps the workspace whole either way.
      const now = () => process.exit(130);
      process.once('SIGINT', now);
      process.once('SIGTERM', now);
      // Within 2 s whatever runs: running jobs are cancelled (they store nothing half-done) and, if one
      // is still inside a long write after 1.5 s, its thread is stopped: its transaction never commits.
      await server.close();
      await backend.close(1500);
      ws.close();
    });
}
