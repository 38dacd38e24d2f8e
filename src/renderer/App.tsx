import { type KeyboardEvent, useEffect } from 'react';
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

/** The WAI-ARIA tabs pattern: arrows move between tabs (and select them), Home and End to the ends. */
function onTabKey(e: KeyboardEvent<HTMLElement>, view: View, setView: (v: View) => void): void {
  const i = TABS.findIndex((t) => t.view === view);
  const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i - 1 + TABS.length) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
  if (next < 0) return;
  e.preventDefault();
  setView(TABS[next]!.view);
  document.getElementById(`tab-${TABS[next]!.view}`)?.focus();
}

export function App({ useStore }: { useStore: AppStore }) {
  const view = useStore((s) => s.view);
  const theme = useStore((s) => s.theme);
  const notice = useStore((s) => s.notice);
  const { setView, toggleTheme, notify } = useStore.getState();
  useEffect(() => {
    const s = useStore.getState();
    void Promise.all([s.loadDatasets(), s.loadScenarioDefaults(), s.loadRuns(), s.reattachJobs()])
      .then(() => s.restore())
      .catch((err: unknown) => notify(`Cannot reach the Scorecast backend: ${(err as Error).message}`));
  }, [useStore, notify]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app">
      <header className="topbar">
        <strong className="brand">Scorecast</strong>
        <nav role="tablist" aria-label="Views" onKeyDown={(e) => onTabKey(e, view, setView)}>
          {TABS.map((t) => (
            <button
              key={t.view}
              id={`tab-${t.view}`}
              role="tab"
              aria-selected={view === t.view}
              aria-controls="view-panel"
              tabIndex={view === t.view ? 0 : -1}
              className={view === t.view ? 'active' : ''}
              onClick={() => setView(t.view)}
            >
              {t.label}
            </button>
          ))}
        </nav>
        <button type="button" onClick={toggleTheme} aria-label={`${theme === 'light' ? 'Dark' : 'Light'} theme (toggle light and dark theme)`}>
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
      <main id="view-panel" role="tabpanel" aria-labelledby={`tab-${view}`} tabIndex={-1}>
        {view === 'datasets' && <DatasetsView useStore={useStore} />}
        {view === 'scenario' && <ScenarioView useStore={useStore} />}
        {view === 'results' && <ResultsView useStore={useStore} />}
        {view === 'whatif' && <WhatIfView useStore={useStore} />}
      </main>
    </div>
  );
}
