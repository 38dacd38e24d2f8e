/**
 * The Electron shell: windows, menu, dialogs, security, and relaying the API contract to the backend
 * in a utility process. Nothing here touches SQLite or simulation.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, utilityProcess, type UtilityProcess } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { validateRequest } from '../shared/contract';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
const root = path.join(__dirname, '..', '..');
// Worker threads and native modules cannot load from inside the asar archive: the backend bundle and
// its resources are unpacked beside it (package.json → build.asarUnpack).
const unpacked = root.replace(/app\.asar$/, 'app.asar.unpacked');

let backend: UtilityProcess | null = null;
let nextId = 1;
const pending = new Map<number, (reply: { ok: boolean; result?: unknown; error?: string }) => void>();

function startBackend(): Promise<void> {
  const db = path.join(app.getPath('userData'), 'workspace.sqlite');
  backend = utilityProcess.fork(path.join(unpacked, 'dist', 'backend-host.js'), [db], {
    serviceName: 'Scorecast backend',
    env: { ...process.env, SCORECAST_RESOURCES: path.join(unpacked, 'resources') },
  });
  return new Promise((resolve) => {
    backend!.on('message', (msg: { id?: number; ready?: boolean; event?: unknown; ok?: boolean }) => {
      if (msg.ready) return resolve();
      if (msg.event) for (const w of BrowserWindow.getAllWindows()) w.webContents.send('scorecast:event', msg.event);
      if (msg.id !== undefined) {
        pending.get(msg.id)?.(msg as { ok: boolean });
        pending.delete(msg.id);
      }
    });
    backend!.on('exit', (code) => {
      for (const reply of pending.values()) reply({ ok: false, error: `the Scorecast backend stopped (code ${code}); restart the app` });
      pending.clear();
    });
  });
}

function toBackend(message: Record<string, unknown>): Promise<{ ok: boolean; result?: unknown; error?: string }> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    backend?.postMessage({ id, ...message });
  });
}

interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
}

function windowStateFile(): string {
  return path.join(app.getPath('userData'), 'window-state.json');
}

function loadWindowState(): WindowState {
  try {
    const s = JSON.parse(fs.readFileSync(windowStateFile(), 'utf8')) as WindowState;
    if (s.width > 400 && s.height > 300) return s;
  } catch {
    // first launch: defaults
  }
  return { width: 1400, height: 900 };
}

function createWindow(): BrowserWindow {
  const state = loadWindowState();
  const win = new BrowserWindow({
    ...state,
    title: 'Scorecast',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('close', () => fs.writeFileSync(windowStateFile(), JSON.stringify(win.getBounds())));
  // The app never navigates away or opens windows; links go to the system browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(path.join(__dirname, '..', 'renderer', 'index.html'));
  return win;
}

async function pickFile(): Promise<unknown> {
  const r = await dialog.showOpenDialog({ title: 'Import a CRM export', properties: ['openFile'], filters: [{ name: 'CSV or JSON Lines', extensions: ['csv', 'tsv', 'txt', 'jsonl', 'ndjson', 'json'] }] });
  const file = r.filePaths[0];
  if (r.canceled || !file) return null;
  const reply = await toBackend({ registerFile: { path: file, name: path.basename(file) } });
  return reply.ok ? reply.result : null;
}

function menu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { label: 'File', submenu: [{ role: 'quit' }] },
      { label: 'Edit', submenu: [{ role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
      { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { role: 'togglefullscreen' }] },
    ]),
  );
}

if (!app.requestSingleInstanceLock()) app.quit();
else {
  app.on('second-instance', () => {
    const w = BrowserWindow.getAllWindows()[0];
    if (w) {
      if (w.isMinimized()) w.restore();
      w.focus();
    }
  });
  app.whenReady().then(async () => {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
    });
    ipcMain.handle('scorecast:invoke', async (_e, method: unknown, request: unknown) => {
      const checked = validateRequest(String(method), request);
      if (!checked.ok) return { ok: false, error: checked.error };
      return toBackend({ method: checked.method, request: checked.request });
    });
    ipcMain.handle('scorecast:pickFile', () => pickFile());
    ipcMain.handle('scorecast:droppedFile', async (_e, filePath: unknown, name: unknown) => {
      if (typeof filePath !== 'string' || filePath === '' || typeof name !== 'string') return null;
      const reply = await toBackend({ registerFile: { path: filePath, name } });
      if (!reply.ok) throw new Error(reply.error);
      return reply.result;
    });
    menu();
    await startBackend();
    createWindow();
  });
  app.on('window-all-closed', () => {
    backend?.kill();
    app.quit();
  });
}
