/** sweep, sensitivity, report: what-if analysis and the report for finance. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { csvLine } from '../../core/csv';
import { BOUND_NOTE, costCell, forecastCsv, forecastInputsText, forecastMatrix, onBound } from '../../core/whatif/forecast-view';
import { formatParamValue, parseParamSpec, type ParamSpec } from '../../core/whatif/params';
import { UserError } from '../../backend/errors';
import type { ScenarioInput } from '../../core/scenario';
import { loadReport, loadRuns, loadSensitivity, loadWhatIf } from '../lazy';
import { count, duration, percent, table, usd } from '../format';
import { abortOnInterrupt } from '../interrupt';
import { DB_OPTION, openWorkspace, share } from '../options';
import { progressBar } from '../progress';

function collectParam(value: string, previous: ParamSpec[] = []): ParamSpec[] {
  try {
    return [...previous, parseParamSpec(value)];
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

function readScenario(file: string): ScenarioInput {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ScenarioInput;
  } catch (err) {
    throw new UserError(`${file}: cannot read the scenario (${(err as Error).message})`);
  }
}

const CHROMIUMS = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => !!p);

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number above 0');
  return n;
}

/** A monthly rate: 0.05 or "5%" for +5% a month; between −100% and +100%. */
function rate(value: string): number {
  const pct = /^\s*([-+]?[\d.]+)\s*%\s*$/.exec(value);
  const n = pct ? Number(pct[1]) / 100 : Number(value);
  if (!Number.isFinite(n) || n <= -1 || n > 1) throw new InvalidArgumentError('expected a monthly rate, 0.05 or 5% for +5% a month, above −100% and at most +100%');
  return n;
}

function month(value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new InvalidArgumentError('expected a month as YYYY-MM, e.g. 2026-04');
  return value;
}

interface ForecastCliOptions {
  months: number;
  growthContacts: number;
  growthEvents: number;
  priceChange: number;
  replicates: number;
  seed: number;
  population?: number;
  sampleFraction?: number;
  startMonth?: string;
}

/** The forecast's inputs as `forecast` and `report` take them on the command line. */
function forecastInputsOf(o: ForecastCliOptions) {
  return {
    months: o.months,
    growthContacts: o.growthContacts,
    growthEvents: o.growthEvents,
    priceChange: o.priceChange,
    replicates: o.replicates,
    seed: o.seed,
    ...(o.population !== undefined && { population: o.population }),
    ...(o.sampleFraction !== undefined && { sampleFraction: o.sampleFraction }),
    ...(o.startMonth !== undefined && { startMonth: o.startMonth }),
  };
}

interface ReportCliOptions {
  out: string;
  pdf?: boolean;
  db?: string;
  months: number;
  growthContacts: number;
  growthEvents: number;
  priceChange: number;
  startMonth?: string;
  population?: number;
  replicates: number;
  seed: number;
  delta: number;
  param?: ParamSpec[];
  scenario?: string;
}

function factorList(value: string): number[] {
  const xs = value.split(',').map(Number);
  if (xs.some((x) => !(x > 0) || x > 64) || xs.length < 2) throw new InvalidArgumentError('expected two or more factors from 0 to 64, e.g. 0.25,1,4,16');
  return [...new Set(xs)].sort((a, b) => a - b);
}

export function registerWhatIf(program: Command): void {
  program
    .command('breakeven')
    .description("each strategy's monthly cost as event volume scales (contacts resampled, not totals multiplied); where the cost curves cross")
    .argument('<dataset>', 'dataset id or name')
    .requiredOption('--scenario <file>', 'scenario JSON')
    .option('--factors <list>', 'volume factors', factorList, [0.25, 0.5, 1, 2, 4, 8, 16])
    .option('--seed <n>', 'resampling seed', (v) => Math.trunc(positiveNumber(v)), 1)
    .option(...DB_OPTION)
    .option('--json', 'print as JSON')
    .action(async (dataset: string, o: { scenario: string; factors: number[]; seed: number; db?: string; json?: boolean }) => {
      const ws = await openWorkspace(o.db);
      const bar = progressBar('scaling');
      const interrupt = abortOnInterrupt();
      try {
        const { runBreakeven } = await loadWhatIf();
        const r = await runBreakeven(ws, dataset, readScenario(o.scenario), { factors: o.factors, seed: o.seed }, { signal: interrupt.signal, onProgress: (s) => bar.update(s, () => '') });
        bar.stop();
        if (o.json) return void console.log(JSON.stringify(r, null, 2));
        console.log(`Monthly cost of "${r.scenario}" as "${r.dataset}" grows or shrinks (×1 = today):\n`);
        console.log(table(['strategy', ...r.factors.map((f) => `×${f}`)], r.strategies.map((s) => [s.id, ...s.monthlyUsd.map(usd)])));
        console.log('');
        console.log(r.crossovers.length ? r.crossovers.map((c) => c.statement).join('\n') : 'No crossovers in this range: the order of strategies by cost does not change.');
      } finally {
        bar.stop();
        interrupt.dispose();
        ws.close();
      }
    });

  program
    .command('forecast')
    .description('monthly cost and jobs per strategy for the months ahead, scaled to the population, with 95% bootstrap intervals')
    .argument('<run>', 'run id')
    .option('--months <n>', 'months ahead', (v) => Math.trunc(positiveNumber(v)), 12)
    .option('--growth-contacts <rate>', 'monthly growth of contacts, e.g. 0.03', rate, 0)
    .option('--growth-events <rate>', 'monthly growth of events, e.g. 0.05', rate, 0)
    .option('--price-change <rate>', 'monthly change of every unit price, e.g. -0.01', rate, 0)
    .option('--population <n>', 'contacts in the whole CRM (the sample stands for them)', positiveNumber)
    .option('--sample-fraction <share>', 'the share of the CRM the sample is', positiveNumber)
    .option('--replicates <n>', 'bootstrap replicates', (v) => Math.trunc(positiveNumber(v)), 200)
    .option('--seed <n>', 'bootstrap seed', (v) => Math.trunc(positiveNumber(v)), 1)
    .option('--start-month <YYYY-MM>', 'the first forecast month (default: the month after the dataset)', month)
    .option(...DB_OPTION)
    .option('--json', 'print as JSON')
    .option('--csv', 'print CSV: one row per month and strategy')
    .action(async (ref: string, o: { months: number; growthContacts: number; growthEvents: number; priceChange: number; population?: number; sampleFraction?: number; replicates: number; seed: number; startMonth?: string; db?: string; json?: boolean; csv?: boolean }) => {
      const ws = await openWorkspace(o.db);
      const bar = progressBar('bootstrap');
      const interrupt = abortOnInterrupt();
      try {
        const { runForecast } = await loadWhatIf();
        const r = await runForecast(
          ws,
          ref,
          forecastInputsOf(o),
          { signal: interrupt.signal, onProgress: (s) => bar.update(s, () => `${o.replicates} replicates`) },
        );
        bar.stop();
        if (o.json) return void console.log(JSON.stringify(r, null, 2));
        if (o.csv) return void process.stdout.write(forecastCsv(r));
        const m = forecastMatrix(r);
        console.log(`Forecast: ${forecastInputsText(r)}\n`);
        console.log('Cost per calendar month in USD, with 95% intervals:');
        console.log(table(['month', ...m.strategies], [...m.months.map((row) => [row.label, ...row.cells.map(costCell)]), ...m.totals.map((row) => [row.label, ...row.cells.map(costCell)])], [false, ...m.strategies.map(() => true)]));
        const bounded = r.rows.some((row) => onBound(row.peakOpsPerMinute, row.peakLow, row.peakHigh));
        console.log('\nScore jobs and peak database operations per minute, with 95% intervals:');
        console.log(
          table(
            ['month', 'strategy', 'jobs', '95% interval', 'peak ops/min', '95% interval'],
            r.rows.map((row) => [row.monthStart, row.strategy, count(row.jobs), `${count(row.jobsLow)} – ${count(row.jobsHigh)}`, `${count(row.peakOpsPerMinute)}${onBound(row.peakOpsPerMinute, row.peakLow, row.peakHigh) ? ' †' : ''}`, `${count(row.peakLow)} – ${count(row.peakHigh)}`]),
            [false, false, true, true, true, true],
          ),
        );
        if (bounded) console.log(`\n${BOUND_NOTE}`);
      } finally {
        bar.stop();
        interrupt.dispose();
        ws.close();
      }
    });


  program
    .command('sweep')
    .description('simulate a grid over one or two numeric scenario fields; marks the cost-versus-freshness Pareto frontier')
    .argument('<dataset>', 'dataset id or name')
    .requiredOption('--scenario <file>', 'base scenario JSON')
    .requiredOption('--param <PATH=FROM:TO:STEP>', 'a scenario field and its range, e.g. strategies.events.debounceMinutes=0:240:30 (strategies by id); repeatable', collectParam)
    .option(...DB_OPTION)
    .option('--json', 'print the sweep as JSON')
    .option('--csv', 'print one CSV row per point and strategy')
    .action(async (dataset: string, o: { scenario: string; param: ParamSpec[]; db?: string; json?: boolean; csv?: boolean }) => {
      if (o.param.length > 2) throw new UserError('a sweep takes one or two --param');
      const ws = await openWorkspace(o.db);
      const interrupt = abortOnInterrupt();
      const bar = progressBar('sweeping');
      try {
        const { planSweep, runSweep } = await loadWhatIf();
        const plan = planSweep(readScenario(o.scenario), o.param);
        const r = await runSweep(ws, dataset, plan, { signal: interrupt.signal, onProgress: (s) => bar.update(s, () => '') });
        bar.stop();
        const onFrontier = new Set(r.frontier.map((f) => `${f.point}|${f.strategy}`));
        const rows = r.points.flatMap((p, i) => p.strategies.filter((s) => r.varying.includes(s.id)).map((s) => ({ p, i, s, frontier: onFrontier.has(`${i}|${s.id}`) })));
        if (o.json) console.log(JSON.stringify(r, null, 2));
        else if (o.csv) {
          process.stdout.write(csvLine([...r.params.map((p) => p.path), 'strategy', 'monthly_usd', 'p90_seconds', 'within_1h', 'score_jobs', 'on_frontier']));
          for (const { p, s, frontier } of rows) process.stdout.write(csvLine([...p.values.map(formatParamValue), s.id, s.cost.perMonthUsd, s.freshness.p90Seconds, s.freshness.within1h, s.scoreJobs, frontier ? 1 : 0]));
        } else {
          console.log(`Sweep of "${r.scenario}" on "${r.dataset}": ${r.points.length} points, ${r.simulations} strategy simulations in ${r.seconds.toFixed(2)} s (★ = on the cost/freshness frontier)\n`);
          console.log(
            table(
              [...r.params.map((p) => p.path), 'strategy', 'per month', 'p90 fresh', '≤ 1 h', 'jobs', ''],
              rows.map(({ p, s, frontier }) => [...p.values.map(formatParamValue), s.id, usd(s.cost.perMonthUsd), duration(s.freshness.p90Seconds), percent(s.freshness.within1h), count(s.scoreJobs), frontier ? '★' : '']),
              [...r.params.map(() => true), false, true, true, true, true, false],
            ),
          );
        }
      } finally {
        bar.stop();
        interrupt.dispose();
        ws.close();
      }
    });

  program
    .command('sensitivity')
    .description("each cost input of a stored run moved ±delta: the effect on every strategy's monthly cost")
    .argument('<run>', 'run id')
    .option('--delta <share>', 'how far to move each input', share, 0.2)
    .option(...DB_OPTION)
    .option('--json', 'print as JSON')
    .action(async (ref: string, o: { delta: number; db?: string; json?: boolean }) => {
      const [{ getRun }, { sensitivity }] = await Promise.all([loadRuns(), loadSensitivity()]);
      const ws = await openWorkspace(o.db);
      try {
        const run = getRun(ws.db, ref);
        const rows = sensitivity(run.scenarioJson as unknown as ScenarioInput, run.result.strategies, run.result.window.days, o.delta);
        if (o.json) console.log(JSON.stringify(rows, null, 2));
        else {
          const pct = `${Math.round(o.delta * 100)}%`;
          console.log(
            table(
              ['input', 'strategy', `−${pct}`, 'base', `+${pct}`, 'swing'],
              rows.map((r) => [r.input, r.strategy, usd(r.lowMonthlyUsd), usd(r.baseMonthlyUsd), usd(r.highMonthlyUsd), usd(r.swingUsd)]),
              [false, false, true, true, true, true],
            ),
          );
        }
      } finally {
        ws.close();
      }
    });

  program
    .command('report')
    .description('write a self-contained HTML report of a stored run (charts inline, no network); --pdf also prints it to PDF with headless Chromium')
    .argument('<run>', 'run id')
    .requiredOption('--out <file>', 'HTML file to write')
    .option('--pdf', 'also write FILE.pdf (needs Chromium)')
    .option('--months <n>', 'forecast months', (v) => Math.trunc(positiveNumber(v)), 12)
    .option('--growth-contacts <rate>', 'forecast: monthly growth of contacts (0.05 or 5%)', rate, 0)
    .option('--growth-events <rate>', 'forecast: monthly growth of events (0.05 or 5%)', rate, 0)
    .option('--price-change <rate>', 'forecast: monthly change of unit prices (0.05 or 5%)', rate, 0)
    .option('--start-month <YYYY-MM>', 'forecast: the first month (default: the month after the dataset)', month)
    .option('--population <n>', 'forecast: contacts in the whole CRM', positiveNumber)
    .option('--replicates <n>', 'forecast: bootstrap replicates', (v) => Math.trunc(positiveNumber(v)), 100)
    .option('--seed <n>', 'forecast: bootstrap seed', (v) => Math.trunc(positiveNumber(v)), 1)
    .option('--delta <share>', 'sensitivity: how far to move each cost input', share, 0.2)
    .option('--param <spec>', 'a sweep to include, as for scorecast sweep (repeat for a second parameter)', collectParam)
    .option('--scenario <file>', "the scenario the sweep varies (default: the run's own)")
    .option(...DB_OPTION)
    .action(async (ref: string, o: ReportCliOptions) => {
      if (o.scenario && !o.param) throw new UserError('--scenario is the scenario a sweep varies: give the sweep with --param');
      const ws = await openWorkspace(o.db);
      try {
        const [[{ reportInput }, { renderReport }], { planSweep }, { getRun }] = await Promise.all([loadReport(), loadWhatIf(), loadRuns()]);
        const sweep = o.param ? planSweep(o.scenario ? readScenario(o.scenario) : (getRun(ws.db, ref).scenarioJson as unknown as ScenarioInput), o.param) : undefined;
        const html = renderReport(await reportInput(ws, ref, { forecast: forecastInputsOf(o), sensitivityDelta: o.delta, ...(sweep && { sweep }) }));
        try {
          fs.writeFileSync(o.out, html);
        } catch (err) {
          throw new UserError(`${o.out}: cannot write (${(err as Error).message})`);
        }
        console.log(`wrote ${o.out}`);
        if (o.pdf) {
          const chromium = CHROMIUMS.find((c) => fs.existsSync(c));
          if (!chromium) throw new UserError('--pdf needs Chromium (Debian: apt-get install chromium, or set CHROMIUM_PATH); the HTML report was written');
          const pdf = o.out.replace(/\.html?$/i, '') + '.pdf';
          const r = spawnSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', `--print-to-pdf=${path.resolve(pdf)}`, '--no-pdf-header-footer', `file://${path.resolve(o.out)}`], { encoding: 'utf8', timeout: 120_000 });
          if (r.status !== 0 || !fs.existsSync(pdf)) throw new UserError(`Chromium could not print the PDF: ${(r.stderr ?? '').slice(-500)}`);
          console.log(`wrote ${pdf}`);
        }
      } finally {
        ws.close();
      }
    });
}
