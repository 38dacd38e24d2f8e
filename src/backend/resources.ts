/** Bundled resources (scenarios, pricing presets), found from the source tree or from a build beside it. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ScenarioInput, parseScenarioText, type Scenario } from '../core/scenario';
import { UserError } from './errors';
import type { IntegrationPreset, PricingPreset } from '../shared/types';

export function resourcesDir(): string {
  if (process.env.SCORECAST_RESOURCES) return process.env.SCORECAST_RESOURCES;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'resources');
    if (fs.existsSync(path.join(candidate, 'scenarios'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('cannot find the resources/ folder next to Scorecast');
}

export function defaultScenarioPath(): string {
  return path.join(resourcesDir(), 'scenarios', 'default.json');
}

export type { PricingPreset };

export function pricingPresets(): PricingPreset[] {
  const file = JSON.parse(fs.readFileSync(path.join(resourcesDir(), 'pricing', 'presets.json'), 'utf8')) as { presets: PricingPreset[] };
  return file.presets;
}

export type { IntegrationPreset };

export function integrationPresets(): IntegrationPreset[] {
  const file = JSON.parse(fs.readFileSync(path.join(resourcesDir(), 'integrations', 'presets.json'), 'utf8')) as { presets: IntegrationPreset[] };
  return file.presets;
}

/** The scenario with an integration preset's ingest and write-back in place of its own (a preset without a write-back keeps the scenario's). */
export function withIntegrationPreset(scenario: ScenarioInput, presetId: string): ScenarioInput {
  const preset = integrationPresets().find((p) => p.id === presetId);
  if (!preset) throw new UserError(`--integration ${presetId}: no such preset (presets: ${integrationPresets().map((p) => p.id).join(', ')})`);
  return {
    ...scenario,
    ...(preset.ingest !== undefined && { ingest: preset.ingest as ScenarioInput['ingest'] }),
    ...(preset.writeBack !== undefined && { writeBack: preset.writeBack as ScenarioInput['writeBack'] }),
  };
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/** Reads and validates a scenario file, optionally with a pricing preset laid over its cost block. */
export function loadScenarioFile(file: string, pricingPresetId?: string): Scenario {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`${file}: cannot read the scenario file; check the path`);
  }
  return scenarioFromText(text, file, pricingPresetId);
}

/** A scenario from its JSON text (`label` names it in errors), a pricing preset laid over its cost. */
export function scenarioFromText(text: string, label: string, pricingPresetId?: string): Scenario {
  const file = label;
  if (pricingPresetId !== undefined) {
    const preset = pricingPresets().find((p) => p.id === pricingPresetId);
    if (!preset) throw new UserError(`--pricing ${pricingPresetId}: no such preset (presets: ${pricingPresets().map((p) => p.id).join(', ')})`);
    const parsed = parseScenarioText(text);
    if (parsed.ok) {
      const merged = deepMerge(parsed.scenario as unknown as Record<string, unknown>, { cost: preset.cost }) as unknown as ScenarioInput;
      text = JSON.stringify(merged);
    }
  }
  const result = parseScenarioText(text);
  if (!result.ok) throw new UserError(`${file}: invalid scenario:\n  ${result.errors.join('\n  ')}`);
  return result.scenario;
}
