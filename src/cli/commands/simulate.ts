/** simulate, runs, show, compare. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { loadRuns, loadResources } from '../lazy';
import { UserError } from '../../backend/errors';
import type { SimulationResult, StrategySeries } from '../../core/sim/results';
import { count, duration, percent, table, usd } from '../format';
import { abortOnInterrupt } from '../interrupt';
import { DB_OPTION, openWorkspace } from '../options';
import { progressBar } from '../progress';
import { renderResult } from '../render';

function seriesJson(series: StrategySeries[]) {
  return series.map((s) => ({
    id: s.id,
    opsPerMinute: [...s.opsPerMinute],
    jobsPerHour: [...s.jobsPerHour],
    costPerHour: [...s.costPerHour],
    staleness: { edgesSeconds: s.stalenessEdgesSeconds.map((e) => (Number.isFinite(e) ? e : null)), counts: s.stalenessCounts },
  }));
}

function output(result: SimulationResult & { runId: number }, series: StrategySeries[] | null, o: { json?: boolean; out?: string }): void {
  const json = JSON.stringify(series ? { ...result, series: seriesJson(series) } : result, null, 2);
  if (o.out) {
    try {
      fs.writeFileSync(o.out, json + '\n');
    } catch (err) {
      throw new UserError(`${o.out}: cannot write (${(err as Error).message})`);
    }
  }
  console.log(o.json ? json : renderResult(result, result.runId));
}

export function registerSimulate(program: Command): void {
  program
    .command('propose')
    .description("a scenario that fits a dataset: significant events and triggers chosen from its own event types, high-intent first")
    .argument('<dataset>', 'dataset id or name')
    .option('--out <file>', 'write the scenario JSON to FILE')
    .option(...DB_OPTION)
    .option('--json', 'print the proposal (scenario, significant types and counts) as JSON')
    .action(async (dataset: string, o: { out?: string; db?: string; json?: boolean }) => {
      const { proposalFor } = await import('../../backend/propose');
      const ws = await openWorkspace(o.db);
      try {
        const proposal = proposalFor(ws.db, dataset);
        if (o.out !== undefined) {
          try {
            fs.writeFileSync(o.out, JSON.stringify(proposal.scenario, null, 2) + '\n');
          } catch (err) {
            throw new UserError(`${o.out}: cannot write (${(err as Error).message})`);
          }
        }
        if (o.json) console.log(JSON.stringify(proposal, null, 2));
        else {
          console.log(proposal.reason);
          if (proposal.others.length > 0) console.log(`other event types, not significant: ${proposal.others.map((t) => `${t.type} (${count(t.count)})`).join(', ')}`);
          console.log(o.out !== undefined ? `wrote ${o.out}; run it with: scorecast simulate ${dataset} --scenario ${o.out}` : `run it with: scorecast simulate ${dataset}`);
        }
      } finally {
        ws.close();
      }
    });

  program
    .command('simulate')
    .description('replay a dataset through the strategies of a scenario and compare cost, database load and freshness')
    .argument('<dataset>', 'dataset id or name')
    .option('--scenario <file>', 'scenario JSON file (see resources/scenarios/default.json); default: the scenario proposed for the dataset (scorecast propose)')
    .option('--pricing <preset>', 'lay a pricing preset over the scenario cost (see resources/pricing/presets.json)')
    .option('--integration <preset>', "take a CRM's ingest and write-back from an integration preset (see resources/integrations/presets.json)")
    .option(...DB_OPTION)
    .option('--json', 'print the results as JSON')
    .option('--out <file>', 'also write the results JSON to FILE')
    .option('--series', 'include the chart series (per-minute ops, per-hour jobs and cost, staleness histogram) in the JSON')
    .option('--name <name>', "the run's name (default: the scenario's, and what changed since the last run)")
    .action(async (dataset: string, o: { scenario?: string; pricing?: string; integration?: string; db?: string; json?: boolean; out?: string; series?: boolean; name?: string }) => {
      const { loadScenarioFile, scenarioFromText, withIntegrationPreset } = await loadResources();
      const { runSimulation } = await loadRuns();
      const ws = await openWorkspace(o.db);
      let scenario;
      if (o.scenario !== undefined) scenario = loadScenarioFile(o.scenario, o.pricing);
      else {
        const { proposalFor } = await import('../../backend/propose');
        const proposal = proposalFor(ws.db, dataset);
        console.error(`scenario: ${proposal.scenario.name} (no --scenario given). ${proposal.reason}`);
        scenario = scenarioFromText(JSON.stringify(proposal.scenario), 'the proposed scenario', o.pricing);
      }
      if (o.integration !== undefined) scenario = scenarioFromText(JSON.stringify(withIntegrationPreset(scenario, o.integration)), `the scenario with --integration ${o.integration}`);
      const interrupt = abortOnInterrupt();
      const bar = progressBar('simulating');
      try {
        const run = await runSimulation(ws, dataset, scenario, {
          ...(o.name !== undefined && { name: o.name }),
          ...(o.pricing !== undefined && { pricingPreset: o.pricing }),
          ...(o.integration !== undefined && { integrationPreset: o.integration }),
          signal: interrupt.signal,
          onProgress: (p) => bar.update(p.share, () => (p.phase === 'simulating' ? `${count(p.eventsPerSecond)} events/s` : p.phase)),
        });
        bar.stop();
        output({ ...run.result, runId: run.runId }, o.series ? run.series : null, o);
      } finally {
        bar.stop();
        interrupt.dispose();
        ws.close();
      }
    });

  program
    .command('runs')
    .description('list stored runs')
    .option(...DB_OPTION)
    .option('--json', 'print as JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const { listRuns } = await loadRuns();
      const ws = await openWorkspace(o.db);
      try {
        const runs = listRuns(ws.db);
        if (o.json) console.log(JSON.stringify(runs, null, 2));
        else if (runs.length === 0) console.log('no runs yet; run `scorecast simulate DATASET`');
        else
          console.log(
            table(
              ['run', 'name', 'dataset', 'pricing', 'created', 'seconds'],
              runs.map((r) => [String(r.id), r.name, r.dataset, r.pricingPreset ?? '—', r.createdAt.slice(0, 19), r.seconds.toFixed(2)]),
              [true, false, false, false, false, true],
            ),
          );
      } finally {
        ws.close();
      }
    });

  program
    .command('show')
    .description('show a stored run')
    .argument('<run>', 'run id')
    .option(...DB_OPTION)
    .option('--json', 'print the results as JSON')
    .option('--series', 'include the chart series in the JSON')
    .action(async (ref: string, o: { db?: string; json?: boolean; series?: boolean }) => {
      const { getRun, getRunSeries } = await loadRuns();
      const ws = await openWorkspace(o.db);
      try {
        const run = getRun(ws.db, ref);
        output({ ...run.result, runId: run.id }, o.series ? getRunSeries(ws.db, run.id) : null, { ...(o.json !== undefined && { json: o.json }) });
      } finally {
        ws.close();
      }
    });

  program
    .command('compare')
    .description('compare strategies of several stored runs side by side')
    .argument('<runs...>', 'two or more run ids')
    .option(...DB_OPTION)
    .option('--json', 'print as JSON')
    .action(async (refs: string[], o: { db?: string; json?: boolean }) => {
      if (refs.length < 2) throw new UserError('compare needs at least two run ids');
      const { getRun } = await loadRuns();
      const ws = await openWorkspace(o.db);
      try {
        const runs = refs.map((r) => getRun(ws.db, r));
        if (o.json) {
          console.log(JSON.stringify(runs.map((r) => ({ runId: r.id, ...r.result })), null, 2));
          return;
        }
        const rows = runs.flatMap((r) =>
          r.result.strategies.map((s) => [
            `${r.id}`,
            r.dataset,
            s.id,
            usd(s.cost.perMonthUsd),
            count(s.db.peakOpsPerMinute),
            duration(s.freshness.p90Seconds),
            percent(s.freshness.within1h),
            count(s.wastedScores),
          ]),
        );
        console.log(table(['run', 'dataset', 'strategy', 'per month', 'peak ops/min', 'p90 fresh', '≤ 1 h', 'wasted'], rows, [true, false, false, true, true, true, true, true]));
      } finally {
        ws.close();
      }
    });
}
