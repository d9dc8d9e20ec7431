// Sandboxed preload (built as CommonJS: sandboxed preloads cannot be ES modules). Exposes exactly one
// object, `window.bucketscope`, whose invoke() accepts only the contract's method ids.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { METHOD_IDS } from '../shared/contract.ts';
import { createBridge } from './bridge.ts';

contextBridge.exposeInMainWorld(
  'bucketscope',
  createBridge({
    ipc: ipcRenderer,
    methods: METHOD_IDS,
    getPathForFile: (file) => webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]),
  }),
);
