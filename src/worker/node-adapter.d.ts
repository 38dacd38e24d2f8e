// comlink ships the adapter as .mjs with a .d.ts beside it under another name.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
