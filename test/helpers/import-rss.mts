// Child process for the memory test: imports one file in-process and prints its peak RSS (all threads).
import { Workspace } from '../../src/backend/workspace';
import { importFile } from '../../src/backend/import/importer';

const [file, db] = process.argv.slice(2) as [string, string];
const ws = Workspace.open(db);
const summary = await importFile(ws, file);
ws.close();
console.log(JSON.stringify({ rows: summary.rowsRead, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
