/** The app store against a real backend and workspace: imports, scenario validation, runs. */
import { afterAll, describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/renderer/store/store';
import { generateCsv } from '../../src/core/generate';
import { DirectApiClient } from '../helpers/direct-client';
import { tempWorkspace } from '../helpers/workspace';

const { ws } = tempWorkspace();
const api = new DirectApiClient(ws);
const store = createAppStore(api);
afterAll(async () => {
  await api.backend.close();
  ws.close();
});

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe('app store', () => {
  it('imports a file as a job and selects the new dataset', async () => {
    await store.getState().loadDatasets();
    expect(store.getState().datasets).toEqual([]);
    const csv = [...generateCsv({ contacts: 500, days: 5, seed: 4, dirty: 0.05 })].join('');
    await store.getState().chooseFile(new File([csv], 'store-test.csv'));
    expect(store.getState().importPreview?.mapping.contactId).toBe('contact_id');
    expect(store.getState().importOptions.name).toBe('store-test');
    await store.getState().startImport();
    expect(store.getState().importJob).not.toBeNull();
    await until(() => store.getState().importResult !== null, 'the import');
    await until(() => store.getState().datasetSummary !== null, 'the dataset summary');
    const s = store.getState();
    expect(s.importJob).toBeNull();
    expect(s.datasets.map((d) => d.name)).toEqual(['store-test']);
    expect(s.selectedDatasetId).toBe(s.importResult!.datasetId);
    expect(s.datasetSummary!.eventTypes).toContain('demo_request');
  });

  it('validates the scenario draft live with the shared schema', async () => {
    await store.getState().loadScenarioDefaults();
    const draft = store.getState().draft!;
    expect(store.getState().scenarioErrors).toEqual([]);
    store.getState().setDraft({ ...draft, strategies: [{ ...draft.strategies[0]!, id: 'x' }, { ...draft.strategies[1]!, id: 'x' }] });
    expect(store.getState().scenarioErrors).toEqual(['strategies[1].id: duplicate strategy id "x"']);
    store.getState().setDraft(draft);
    expect(store.getState().scenarioErrors).toEqual([]);
  });

  it('runs the scenario as a job and opens the stored run', async () => {
    await store.getState().startRun();
    await until(() => store.getState().run !== null, 'the run');
    const { run, runs, runJob } = store.getState();
    expect(runJob).toBeNull();
    expect(run!.result.strategies.map((s) => s.id)).toEqual(['nightly', 'micro-15m', 'events', 'hybrid']);
    expect(run!.series[0]!.opsPerMinute).toHaveLength(5 * 1440);
    expect(runs.map((r) => r.id)).toContain(run!.info.id);
  });

  it('reports a failed run without losing the last one', async () => {
    const before = store.getState().run;
    store.setState({ selectedDatasetId: 999 });
    await store.getState().startRun();
    expect(store.getState().runError).toMatch(/no dataset "999"/);
    expect(store.getState().run).toBe(before);
  });
});
