/**
 * The bridge between the sandboxed page and the shell. It exposes four functions and nothing else:
 * no Node, no ipcRenderer. Requests are validated again in the main process.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';

contextBridge.exposeInMainWorld('scorecast', {
  invoke: (method: string, request: unknown) => ipcRenderer.invoke('scorecast:invoke', method, request),
  onEvent: (listener: (event: unknown) => void) => {
    const handler = (_: unknown, event: unknown) => listener(event);
    ipcRenderer.on('scorecast:event', handler);
    return () => ipcRenderer.off('scorecast:event', handler);
  },
  pickFile: () => ipcRenderer.invoke('scorecast:pickFile'),
  fileForDrop: (file: File) => ipcRenderer.invoke('scorecast:droppedFile', webUtils.getPathForFile(file), file.name),
});
