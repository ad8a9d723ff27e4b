// Starts the engine worker's wasm, then replays the messages that arrived before it was ready
// (a worker drops messages that no handler is there to receive).
importScripts('./worker.js');
const early = [];
self.onmessage = (event) => early.push(event.data);
wasm_bindgen({ module_or_path: './worker_bg.wasm' }).then(() => {
  for (const data of early) self.onmessage(new MessageEvent('message', { data }));
});
