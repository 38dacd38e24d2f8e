// Child process for the memory tests: imports one file in-process and prints its peak RSS (all threads).
// A third argument, JSON, gives the import's limits (what it holds in memory before it spills).
import { Workspace } from '../../src/backend/workspace';
import { importFile } from '../../src/backend/import/importer';

const [file, db, limits] = process.argv.slice(2) as [string, string, string | undefined];
const ws = Workspace.open(db);
const summary = await importFile(ws, file, {}, limits ? { limits: JSON.parse(limits) } : {});
ws.close();
console.log(JSON.stringify({ rows: summary.rowsRead, contacts: summary.contacts, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
