/** explain, attribute: inside a stored run, one contact at a time, or the cost by what drives it. */
import { type Command, InvalidArgumentError } from 'commander';
import { csvText } from '../../core/csv';
import { ATTRIBUTE_BY, type AttributeBy } from '../../core/sim/attribution';
import type { Explanation } from '../../backend/analysis';
import { loadAnalysis } from '../lazy';
import { count, duration, percent, table, usd } from '../format';
import { DB_OPTION, openWorkspace } from '../options';

const at = (t: number | null) => (t === null ? '—' : new Date(t).toISOString().slice(0, 19).replace('T', ' '));

function renderExplanation(x: Explanation): string {
  const lost = x.events.filter((e) => e.status === 'lost').length;
  const late = x.events.filter((e) => e.status === 'late').length;
  const out = [
    `Contact ${x.contact} in run ${x.run}: ${count(x.events.length)} events in the window${lost + late > 0 ? ` (${lost} lost, ${late} arrived after the end)` : ''}; * = significant. Times UTC.`,
    '',
    table(
      ['happened', 'seen by the scorer', 'type'],
      x.events.map((e) => [at(e.at), e.status === 'seen' ? at(e.arrival) : e.status === 'lost' ? 'lost' : 'after the end', `${e.type}${e.significant ? ' *' : ''}`]),
      [false, false, false],
    ),
  ];
  for (const s of x.strategies) {
    out.push('', `${s.id} (${s.kind}): ${s.requests.length} job requests`);
    if (s.requests.length > 0) {
      out.push(
        table(
          ['requested', 'started', 'finished', 'visible in the CRM', 'call', 'reason', 'outcome'],
          s.requests.map((r) => [at(r.requestedAt), at(r.startedAt), at(r.finishedAt), at(r.visibleAt), r.call === null ? '—' : `#${r.call}`, r.reason, `${r.outcome}${r.wasted ? ', wasted' : ''}`]),
          [false, false, false, false, true, false, false],
        ),
      );
    }
    if (s.triggers.length > 0) {
      out.push('', 'triggers:', table(['seen', 'type', 'what it did'], s.triggers.map((t) => [at(t.at), t.type, t.outcome]), [false, false, false]));
    }
    if (s.staleness.length > 0) {
      out.push('', 'significant events:', table(['happened', 'type', 'staleness', 'why'], s.staleness.map((t) => [at(t.at), t.type, t.seconds === null ? 'unscored' : duration(t.seconds), t.why]), [false, false, true, false]));
    }
  }
  out.push('', x.agrees ? 'The re-run agrees with the run’s stored job and call counts.' : 'warning: the re-run does not give the run’s stored figures (was it made by another engine version?)');
  return out.join('\n');
}

function by(value: string): AttributeBy {
  if (!(ATTRIBUTE_BY as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${ATTRIBUTE_BY.join(', ')}`);
  return value as AttributeBy;
}

export function registerAnalysis(program: Command): void {
  program
    .command('explain')
    .description("one contact of a stored run: its events, each job request and why, the triggers folded or capped, each job's start, finish and write-back call, and each significant event's staleness")
    .argument('<run>', 'run id')
    .requiredOption('--contact <key>', 'contact key (from scorecast export DATASET --what contacts)')
    .option('--strategy <id>', 'one strategy only')
    .option('--json', 'print as JSON')
    .option(...DB_OPTION)
    .action(async (run: string, o: { contact: string; strategy?: string; json?: boolean; db?: string }) => {
      const { explainContact } = await loadAnalysis();
      const ws = await openWorkspace(o.db);
      try {
        const x = explainContact(ws, run, o.contact, o.strategy);
        console.log(o.json ? JSON.stringify(x, null, 2) : renderExplanation(x));
      } finally {
        ws.close();
      }
    });

  program
    .command('attribute')
    .description('what drives the cost: jobs and cost of each strategy by the trigger that caused each job (batch runs as their own line), by local hour of day, or by contact country, company size or source system')
    .argument('<run>', 'run id')
    .requiredOption('--by <what>', ATTRIBUTE_BY.join(' | '), by)
    .option('--strategy <id>', 'one strategy only')
    .option('--json', 'print as JSON')
    .option('--csv', 'print as CSV: one row per strategy and line')
    .option(...DB_OPTION)
    .action(async (run: string, o: { by: AttributeBy; strategy?: string; json?: boolean; csv?: boolean; db?: string }) => {
      const { attributeRun } = await loadAnalysis();
      const ws = await openWorkspace(o.db);
      try {
        const result = attributeRun(ws, run, o.by, o.strategy);
        if (o.json) {
          console.log(JSON.stringify(result, null, 2));
          return;
        }
        if (o.csv) {
          process.stdout.write(
            csvText(
              ['strategy', o.by, 'jobs', 'cost_usd', 'per_month_usd', 'share'],
              result.flatMap((a) => a.rows.map((r) => [a.strategy, r.key, r.jobs, Number(r.costUsd.toFixed(6)), Number(r.perMonthUsd.toFixed(2)), Number(r.share.toFixed(4))])),
            ),
          );
          return;
        }
        const blocks = result.map((a) =>
          [
            `${a.strategy}: ${count(a.jobs)} jobs, ${usd(a.totalUsd)} over the window, by ${o.by}`,
            table([o.by, 'jobs', 'cost', 'per month', 'share'], a.rows.map((r) => [r.key, count(r.jobs), usd(r.costUsd), usd(r.perMonthUsd), percent(r.share)]), [false, true, true, true, true]),
          ].join('\n'),
        );
        console.log(blocks.join('\n\n'));
      } finally {
        ws.close();
      }
    });
}
