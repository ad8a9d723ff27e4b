// Launch options for Debian's Chromium: no browser download, no network chatter, no sandbox
// (CI runs as root).
export const chromium = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

// The same, with WebGPU switched on (here it offers SwiftShader, a software adapter).
export const withWebGpu = { ...chromium, args: [...chromium.args, '--enable-unsafe-webgpu'] };
