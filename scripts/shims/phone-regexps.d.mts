import type { Plugin } from 'esbuild';
export function cachedPhoneRegexps(): { plugin: Plugin; check(): void };
