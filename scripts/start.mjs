// npm start: the desktop app when an Electron binary is installed; otherwise the same app in the
// browser (scorecast serve), with the bundled sample loaded on first run either way.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!fs.existsSync('dist/cli.js') || !fs.existsSync('out/renderer/index.html')) run('npm', ['run', 'build']);

let electron = null;
try {
  const binary = require('electron');
  if (typeof binary === 'string' && fs.existsSync(binary)) electron = binary;
} catch {
  // the electron package is there, its binary is not
}

if (electron) {
  spawn(electron, ['.'], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('No Electron binary is installed here (run `node node_modules/electron/install.js` where the network allows); opening Scorecast in your browser instead.');
  const open = process.env.DISPLAY || process.platform !== 'linux' ? ['--open'] : [];
  spawn(process.execPath, ['bin/scorecast.js', 'serve', '--with-sample', ...open], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
}
