// Starts the engine worker's wasm, then replays the messages that arrived before it was ready
// (a worker drops messages that no handler is there to receive).
//
// It also watches the GPU device the engine gets: wgpu does not surface `device.lost`, so the
// promise is hooked here and handed to the engine (`engineDeviceLost`), which tells the page. The
// device is kept as `self.engineGpuDevice` so a test can destroy it, as a driver reset would.
if (self.GPUAdapter) {
  const requestDevice = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (...args) {
    const device = await requestDevice.apply(this, args);
    self.engineGpuDevice = device;
    device.lost.then((info) => self.engineDeviceLost?.(`${info.reason}: ${info.message}`));
    return device;
  };
}
importScripts('./worker.js');
const early = [];
self.onmessage = (event) => early.push(event.data);
wasm_bindgen({ module_or_path: './worker_bg.wasm' }).then(() => {
  for (const data of early) self.onmessage(new MessageEvent('message', { data }));
});
