// Starts the page's wasm. A file, not an inline script: the Content-Security-Policy allows
// scripts from the page's own origin only.
import init from './app.js';

init({ module_or_path: './app_bg.wasm' });
