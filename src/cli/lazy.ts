/**
 * The backend parts a command loads when it runs rather than when the CLI starts: the engine, the
 * scenario schema (zod), what-if, the report's renderer (React) and the server would otherwise slow
 * every command's start, an import's included.
 */
export const loadRuns = () => import('../backend/runs');
export const loadResources = () => import('../backend/resources');
export const loadWhatIf = () => import('../backend/whatif');
export const loadSensitivity = () => import('../core/whatif/sensitivity');
export const loadReport = () => Promise.all([import('../backend/report'), import('../report/report')]);
export const loadServer = () => Promise.all([import('../backend/api'), import('../server/server')]);
export const loadAnalysis = () => import('../backend/analysis');
