// Parley's JavaScript API as an ES module, for sites that `import` it:
//
//   import { create } from 'parley-client';          // or '/parley.mjs'
//   const client = await create({ signalingUrl: 'wss://calls.example.org/' });
//
// The API itself is parley.js (one source for both forms): this module loads it from
// beside itself as a classic script, once, and re-exports what it defines. parley.js in
// turn loads parley-client.js and .wasm from beside itself, so serve the package's files
// together (the WebAssembly must be fetched from a URL either way).
const api = globalThis.Parley ?? await new Promise((resolve, reject) => {
  const script = document.createElement('script');
  script.src = new URL('./parley.js', import.meta.url).href;
  script.onload = () => resolve(globalThis.Parley);
  script.onerror = () => reject(new Error(`Parley: could not load ${script.src}`));
  document.head.appendChild(script);
});

export const { create, ParleyError, version } = api;
export default api;
