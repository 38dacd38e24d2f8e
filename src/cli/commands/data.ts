/** generate, import, datasets, export. */
import { type Command, Option } from 'commander';
import { writeGenerated } from '../../backend/sample';
import { importFile } from '../../backend/import/importer';
import { listDatasets } from '../../backend/datasets';
import { exportDataset, EXPORT_KINDS } from '../../backend/export';
import { UserError } from '../../backend/errors';
import { count } from '../format';
import { abortOnInterrupt } from '../interrupt';
import { DB_OPTION, collectAlias, collectMap, nonNegativeInt, openWorkspace, positiveInt, share } from '../options';
import type { Field } from '../../core/headers';
import { progressBar } from '../progress';
import { renderImport } from '../render';
import { table } from '../format';
import { takePrestartedThreads } from '../prestart';

export function registerData(program: Command): void {
  program
    .command('generate')
    .description('write a realistic anonymized sample CRM export (CSV); the same seed gives a byte-identical file')
    .requiredOption('--out <file>', 'CSV file to write')
    .option('--contacts <n>', 'number of contacts', positiveInt, 20_000)
    .option('--days <n>', 'days of activity', positiveInt, 30)
    .option('--seed <n>', 'random seed', nonNegativeInt, 1)
    .option('--dirty <rate>', 'share of messy rows and duplicate contacts (0..1)', share, 0)
    .option('--start <date>', 'first day, YYYY-MM-DD (UTC)', '2026-03-02')
    .option('--events-per-contact <n>', 'mean events per contact', positiveInt, 15)
    .action(async (o: { out: string; contacts: number; days: number; seed: number; dirty: number; start: string; eventsPerContact: number }) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(o.start) || Number.isNaN(Date.parse(o.start))) throw new UserError(`--start ${o.start}: expected a date YYYY-MM-DD`);
      const rows = await writeGenerated(o.out, { contacts: o.contacts, days: o.days, seed: o.seed, dirty: o.dirty, start: o.start, eventsPerContact: o.eventsPerContact });
      console.log(`wrote ${count(rows)} rows to ${o.out}`);
    });

  program
    .command('import')
    .description('import a CSV or JSON Lines export into the workspace, cleaning and keying it on the way')
    .argument('<file>', 'CSV (, ; tab |) or JSON Lines file')
    .option(...DB_OPTION)
    .option('--name <name>', 'dataset name (default: the file name)')
    .option('--map <field=column>', 'use COLUMN for FIELD (contactId, timestamp, eventType, eventId, email, phone, …); repeatable', collectMap)
    .option('--alias <"Raw=type">', 'map a raw event name onto an event type; repeatable', collectAlias)
    .option('--tz <zone>', 'IANA time zone of timestamps written without an offset', 'UTC')
    .option('--phone-region <code>', 'region for phone numbers without a country code', 'US')
    .option('--max-reject-share <share>', 'abort when more than this share of rows is rejected', share, 0.2)
    .option('--event-type <type>', 'every row is an event of this type (a file with no event-type column: form submissions, meetings, a contact list), e.g. form_submit')
    .addOption(new Option('--format <format>', 'input format (default: from the file name or content)').choices(['csv', 'jsonl']))
    .option('--json', 'print the import summary as JSON')
    .action(async (file: string, o: { db?: string; name?: string; map?: Partial<Record<Field, string>>; alias?: Record<string, string>; tz: string; phoneRegion: string; maxRejectShare: number; format?: 'csv' | 'jsonl'; eventType?: string; json?: boolean }) => {
      const threads = takePrestartedThreads();
      const ws = await openWorkspace(o.db);
      const interrupt = abortOnInterrupt();
      const bar = progressBar('importing');
      try {
        const summary = await importFile(
          ws,
          file,
          {
            ...(o.name !== undefined && { name: o.name }),
            map: o.map ?? {},
            aliases: o.alias ?? {},
            timezone: o.tz,
            phoneRegion: o.phoneRegion.toUpperCase(),
            maxRejectShare: o.maxRejectShare,
            ...(o.format !== undefined && { format: o.format }),
            ...(o.eventType !== undefined && { eventType: o.eventType }),
          },
          {
            signal: interrupt.signal,
            onProgress: (p) => bar.update(p.totalBytes ? p.bytesRead / p.totalBytes : 0, () => `${count(p.rowsRead)} rows, ${count(p.rowsPerSecond)} rows/s`),
            onWait: (message) => console.error(`${message}… (Ctrl-C to stop)`),
            ...(threads && { threads }),
          },
        );
        bar.stop();
        console.log(o.json ? JSON.stringify(summary, null, 2) : renderImport(summary));
      } finally {
        bar.stop();
        interrupt.dispose();
        ws.close();
      }
    });

  program
    .command('datasets')
    .description('list the datasets in the workspace')
    .option(...DB_OPTION)
    .option('--json', 'print as JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const ws = await openWorkspace(o.db);
      try {
        const list = listDatasets(ws.db);
        if (o.json) console.log(JSON.stringify(list, null, 2));
        else if (list.length === 0) console.log('no datasets yet; import one with `scorecast import FILE` or try `scorecast demo`');
        else
          console.log(
            table(
              ['id', 'name', 'events', 'contacts', 'from', 'to', 'imported'],
              list.map((d) => [String(d.id), d.name, count(d.events), count(d.contacts), d.firstEvent?.slice(0, 10) ?? '—', d.lastEvent?.slice(0, 10) ?? '—', d.importedAt.slice(0, 16)]),
              [true, false, true, true, false, false, false],
            ),
          );
      } finally {
        ws.close();
      }
    });

  program
    .command('export')
    .description('export a dataset as CSV: contacts (keys and attributes), events, or rejected rows')
    .argument('<dataset>', 'dataset id or name')
    .addOption(new Option('--what <kind>', 'what to export').choices([...EXPORT_KINDS]).makeOptionMandatory())
    .requiredOption('--out <file>', 'CSV file to write')
    .option('--contact <key>', "with --what events: only this contact's events (its key, from --what contacts)")
    .option(...DB_OPTION)
    .action(async (dataset: string, o: { what: string; out: string; contact?: string; db?: string }) => {
      const ws = await openWorkspace(o.db);
      try {
        const rows = await exportDataset(ws.db, dataset, o.what, o.out, { ...(o.contact !== undefined && { contact: o.contact }) });
        console.log(`wrote ${count(rows)} ${o.what} rows to ${o.out}`);
      } finally {
        ws.close();
      }
    });
}
