// Starts the files worker's wasm, then replays the messages that arrived before it was ready (a
// worker drops messages that no handler is there to receive). If the wasm cannot be fetched,
// compiled or started, it says 'failed: <why>', and the page answers what it asked with that.
const early = [];
self.onmessage = (event) => early.push(event.data);
const failed = (error) => self.postMessage(`failed: ${error?.message ?? error}`);
try {
  importScripts('./files.js');
  wasm_bindgen({ module_or_path: './files_bg.wasm' }).then(() => {
    for (const data of early) self.onmessage(new MessageEvent('message', { data }));
  }, failed);
} catch (error) {
  failed(error);
}
