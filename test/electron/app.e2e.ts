/**
 * The desktop app through Playwright's Electron driver. It needs Electron's binary, which npm could
 * not download on machines without that network access; there the test says so and is skipped.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/workspace';

function electronBinary(): string | null {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) console.warn('Electron e2e skipped: no Electron binary is installed (node_modules/electron/dist is missing; `node node_modules/electron/install.js` fetches it where the network allows).');

describe.skipIf(!binary)('Scorecast desktop app (Electron)', () => {
  it('opens a secure window with the sample loaded and shows results after a run', async () => {
    const userData = tempDir('scorecast-electron-');
    const app = await electron.launch({ executablePath: binary!, args: [path.join(__dirname, '..', '..'), `--user-data-dir=${userData}`, '--no-sandbox'] });
    try {
      const window = await app.firstWindow();
      // No Node in the page, and the bridge is a frozen, isolated object (contextIsolation).
      const page = await window.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        bridgeFrozen: Object.isFrozen((globalThis as { scorecast?: object }).scorecast),
      }));
      expect(page).toEqual({ require: 'undefined', process: 'undefined', bridgeFrozen: true });
      await window.getByText('sample').first().waitFor({ timeout: 120_000 });
      await window.getByRole('tab', { name: 'Results' }).click();
      await window.getByRole('button', { name: 'Run scenario' }).click();
      await window.getByTestId('summary-cards').waitFor({ timeout: 120_000 });
      expect(await window.locator('[data-testid="summary-cards"] article').count()).toBe(4);
    } finally {
      await app.close();
    }
  });
});
