import { useEffect } from 'react';
import type { AppStore, View } from './store/store';
import { DatasetsView } from './views/DatasetsView';
import { ScenarioView } from './views/ScenarioView';
import { ResultsView } from './views/ResultsView';
import { WhatIfView } from './views/WhatIfView';

const TABS: { view: View; label: string }[] = [
  { view: 'datasets', label: 'Datasets' },
  { view: 'scenario', label: 'Scenario' },
  { view: 'results', label: 'Results' },
  { view: 'whatif', label: 'What-if' },
];

export function App({ useStore }: { useStore: AppStore }) {
  const view = useStore((s) => s.view);
  const theme = useStore((s) => s.theme);
  const notice = useStore((s) => s.notice);
  const { setView, toggleTheme, notify } = useStore.getState();
  useEffect(() => {
    const s = useStore.getState();
    void Promise.all([s.loadDatasets(), s.loadScenarioDefaults(), s.loadRuns(), s.reattachJobs()]).catch((err: unknown) => notify(`Cannot reach the Scorecast backend: ${(err as Error).message}`));
  }, [useStore, notify]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app">
      <header className="topbar">
        <strong className="brand">Scorecast</strong>
        <nav role="tablist" aria-label="Views">
          {TABS.map((t) => (
            <button key={t.view} role="tab" aria-selected={view === t.view} className={view === t.view ? 'active' : ''} onClick={() => setView(t.view)}>
              {t.label}
            </button>
          ))}
        </nav>
        <button type="button" onClick={toggleTheme} aria-label="Toggle light and dark theme">
          {theme === 'light' ? 'Dark' : 'Light'} theme
        </button>
      </header>
      {notice && (
        <div className="notice" role="status">
          {notice}{' '}
          <button type="button" onClick={() => notify(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <main>
        {view === 'datasets' && <DatasetsView useStore={useStore} />}
        {view === 'scenario' && <ScenarioView useStore={useStore} />}
        {view === 'results' && <ResultsView useStore={useStore} />}
        {view === 'whatif' && <WhatIfView useStore={useStore} />}
      </main>
    </div>
  );
}
