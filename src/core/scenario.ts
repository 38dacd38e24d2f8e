/** The scenario file (ARCHITECTURE §5): schema, defaults and validation with JSON-path error messages. */
import { z } from 'zod';
import { isValidTimeZone, isLocalMidnight, localToEpoch } from './time';
import { parseTimestamp } from './normalize/timestamp';

export const DEFAULT_SIGNIFICANT = ['demo_request', 'pricing_page_visit', 'form_submit', 'trial_signup', 'meeting_booked'];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day in HH:MM form, e.g. "02:00"');
const eventType = z.string().regex(/^[a-z0-9_]+$/, 'must be an event type name in lower snake case, e.g. "demo_request"');
const nonNegative = z.number().finite().nonnegative();
const scope = z.union([z.literal('all'), z.strictObject({ activeWithinDays: z.number().int().positive() })], {
  error: 'must be "all" or { "activeWithinDays": N }',
});
const triggers = z.array(eventType).min(1, 'needs at least one trigger event type');

/** §7: how events reach the scorer. */
const ingestMode = z.discriminatedUnion(
  'mode',
  [
    z.strictObject({ mode: z.literal('realtime') }),
    z.strictObject({ mode: z.literal('poll'), everyMinutes: z.number().int().positive() }),
    z.strictObject({
      mode: z.literal('webhook'),
      failureRate: z.number().min(0).max(1).default(0),
      retryMinutes: z.array(z.number().int().nonnegative()).max(100).default([]),
      seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    }),
  ],
  { error: 'mode must be one of "realtime", "poll", "webhook"' },
);
export const ingestSchema = z.strictObject({ default: ingestMode, byType: z.record(eventType, ingestMode).optional() });

/** §7: how finished scores reach the CRM. */
export const writeBackSchema = z.strictObject({
  recordsPerCall: z.number().int().positive().default(1),
  maxWaitSeconds: z.number().int().nonnegative().default(0),
  rateLimit: z.strictObject({ calls: z.number().int().positive(), perSeconds: z.number().int().positive() }).optional(),
  callsPerDay: z.number().int().positive().optional(),
  usdPerThousandCalls: nonNegative.optional(),
});

const strategyBase = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be letters, digits, "-" or "_", e.g. "nightly"'),
  fixedUsdPerDay: nonNegative.default(0),
  /** Replaces the scenario's write-back for this strategy. */
  writeBack: writeBackSchema.optional(),
};
const eventTriggeredRule = {
  triggers,
  debounceMinutes: nonNegative,
  maxScoresPerContactPerDay: z.number().int().positive().optional(),
};
const fullRefresh = z.strictObject({ everyDays: z.number().int().positive(), at: hhmm, scope });

export const strategySchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ ...strategyBase, kind: z.literal('nightly-batch'), at: hhmm, scope }),
    z.strictObject({ ...strategyBase, kind: z.literal('micro-batch'), everyMinutes: z.number().int().positive(), triggers }),
    z.strictObject({ ...strategyBase, kind: z.literal('event-triggered'), ...eventTriggeredRule }),
    z.strictObject({ ...strategyBase, kind: z.literal('hybrid'), eventTriggered: z.strictObject(eventTriggeredRule), fullRefresh }),
  ],
  { error: 'kind must be one of "nightly-batch", "micro-batch", "event-triggered", "hybrid"' },
);

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1),
    timezone: z.string().default('UTC').refine(isValidTimeZone, 'must be an IANA time zone, e.g. "Europe/Berlin"'),
    significant: z.array(eventType).default(DEFAULT_SIGNIFICANT),
    executor: z
      .strictObject({
        batchScoresPerSecond: z.number().finite().positive().default(50),
        workers: z.number().int().positive().max(100_000).optional(),
        serviceMs: z.number().int().positive().optional(),
      })
      .default({ batchScoresPerSecond: 50 }),
    ingest: ingestSchema.optional(),
    writeBack: writeBackSchema.optional(),
    cost: z.strictObject({
      cpuMsPerScore: nonNegative,
      usdPerVcpuHour: nonNegative,
      llm: z
        .strictObject({
          inputTokens: nonNegative,
          outputTokens: nonNegative,
          usdPerMillionInput: nonNegative,
          usdPerMillionOutput: nonNegative,
          llmBatchDiscount: z.number().min(0).max(1).default(0),
        })
        .optional(),
      db: z.strictObject({
        readsPerScore: nonNegative,
        writesPerScore: nonNegative,
        writesPerEvent: nonNegative,
        usdPerMillionReads: nonNegative,
        usdPerMillionWrites: nonNegative,
        capacityOpsPerMinute: z.number().finite().positive().optional(),
      }),
    }),
    window: z.strictObject({ start: z.string(), end: z.string() }).optional(),
    strategies: z.array(strategySchema).min(1, 'needs at least one strategy'),
  })
  .superRefine((s, ctx) => {
    if ((s.executor.workers === undefined) !== (s.executor.serviceMs === undefined)) {
      const missing = s.executor.workers === undefined ? 'workers' : 'serviceMs';
      ctx.addIssue({ code: 'custom', path: ['executor', missing], message: 'workers and serviceMs are given together (a queue needs both: how many workers, and how long each job takes)' });
    }
    const seen = new Set<string>();
    s.strategies.forEach((strategy, i) => {
      if (seen.has(strategy.id)) ctx.addIssue({ code: 'custom', path: ['strategies', i, 'id'], message: `duplicate strategy id "${strategy.id}"` });
      seen.add(strategy.id);
    });
    if (s.window && isValidTimeZone(s.timezone)) {
      const start = windowBound(s.window.start, s.timezone);
      const end = windowBound(s.window.end, s.timezone);
      if (typeof start === 'string') ctx.addIssue({ code: 'custom', path: ['window', 'start'], message: start });
      if (typeof end === 'string') ctx.addIssue({ code: 'custom', path: ['window', 'end'], message: end });
      if (typeof start === 'number' && typeof end === 'number' && end <= start)
        ctx.addIssue({ code: 'custom', path: ['window', 'end'], message: 'must be after window.start' });
    }
  });

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type Strategy = Scenario['strategies'][number];
export type StrategyKind = Strategy['kind'];
export type Scope = Extract<Strategy, { kind: 'nightly-batch' }>['scope'];
export type Ingest = NonNullable<Scenario['ingest']>;
export type IngestMode = Ingest['default'];
export type WriteBack = z.output<typeof writeBackSchema>;

/** The write-back a strategy's scores go through: its own, else the scenario's, else none (§7). */
export function writeBackFor(scenario: Scenario, strategy: Strategy): WriteBack | undefined {
  return strategy.writeBack ?? scenario.writeBack;
}

/** Whether a strategy's jobs need the global pass of §7 (a queue, or a write-back), rather than §4's per-contact kernels. */
export function isPipelined(scenario: Scenario, strategy: Strategy): boolean {
  return scenario.executor.workers !== undefined || writeBackFor(scenario, strategy) !== undefined;
}

/** Whether the scorer sees events later than they happen, or not at all (§7 ingest other than realtime). */
export function hasIngestDelay(scenario: Scenario): boolean {
  const ingest = scenario.ingest;
  if (!ingest) return false;
  return ingest.default.mode !== 'realtime' || Object.values(ingest.byType ?? {}).some((m) => m.mode !== 'realtime');
}

/** A window bound: a date (that day's local midnight) or an instant that is a local midnight. */
function windowBound(value: string, zone: string): number | string {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) return localToEpoch(zone, Number(date[1]), Number(date[2]), Number(date[3]), 0, 0, 0, 0);
  const ms = parseTimestamp(value);
  if (Number.isNaN(ms)) return `"${value}" is not a date (YYYY-MM-DD) or an ISO-8601 instant`;
  if (!isLocalMidnight(ms, zone)) return `"${value}" is not a local midnight in ${zone}; windows run from midnight to midnight`;
  return ms;
}

export function windowBounds(scenario: Scenario): { start: number; end: number } | null {
  if (!scenario.window) return null;
  return {
    start: windowBound(scenario.window.start, scenario.timezone) as number,
    end: windowBound(scenario.window.end, scenario.timezone) as number,
  };
}

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out === '' ? '(root)' : out;
}

export function validateScenario(value: unknown): ScenarioResult {
  const parsed = scenarioSchema.safeParse(value);
  if (parsed.success) return { ok: true, scenario: parsed.data };
  const errors = parsed.error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.map((k) => `"${k}"`).join(', ')})` : '';
    return `${formatPath(issue.path)}: ${issue.message}${keys}`;
  });
  return { ok: false, errors };
}

/** Parses scenario JSON text; syntax errors name the line and column. */
export function parseScenarioText(text: string): ScenarioResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      return { ok: false, errors: [`line ${line}, column ${column}: invalid JSON (${message.replace(/ in JSON at position \d+.*/, '')})`] };
    }
    return { ok: false, errors: [`invalid JSON: ${message}`] };
  }
  return validateScenario(value);
}
