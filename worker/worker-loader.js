// Starts the engine worker's wasm (`?engine=cpu` or `?engine=webgpu`: the page fetches the GPU
// runtime only when it trains on WebGPU), then replays the messages that arrived before it was ready
// (a worker drops messages that no handler is there to receive).
//
// The page supervises this worker, so the loader also speaks for it where the wasm cannot:
// - a heartbeat, the string 'alive', every second while the thread is free: when it stops, the
//   thread is stuck, and the page replaces the worker;
// - 'failed: <why>' if the wasm cannot be fetched, compiled or started.
//
// It also watches the GPU device the engine gets: wgpu does not surface `device.lost`, so the
// promise is hooked here and handed to the engine (`engineDeviceLost`), which tells the page. The
// device is kept as `self.engineGpuDevice` so a test can destroy it, as a driver reset would.
setInterval(() => self.postMessage('alive'), 1000);
if (self.GPUAdapter) {
  const requestDevice = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (...args) {
    const device = await requestDevice.apply(this, args);
    self.engineGpuDevice = device;
    device.lost.then((info) => self.engineDeviceLost?.(`${info.reason}: ${info.message}`));
    return device;
  };
}
const early = [];
self.onmessage = (event) => early.push(event.data);
const failed = (error) => self.postMessage(`failed: ${error?.message ?? error}`);
// By the worker's name, which the page sets: not `?engine=` from `self.location`, which is the
// service worker's cached response's address once it serves this script (`?engine=` stays in the
// address the page asks for, so DevTools and the tests can tell the workers apart).
const engine = self.name === 'engine_webgpu' ? 'engine_webgpu' : 'engine_cpu';
try {
  importScripts(`./${engine}.js`);
  wasm_bindgen({ module_or_path: `./${engine}_bg.wasm` }).then(() => {
    for (const data of early) self.onmessage(new MessageEvent('message', { data }));
  }, failed);
} catch (error) {
  failed(error);
}
