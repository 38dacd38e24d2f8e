/** Durations in milliseconds; apart from time.ts so that using them does not load the Temporal polyfill. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
