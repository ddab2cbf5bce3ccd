// Preloaded with `node --import <this file>` (plain JS, so it works for the built CLI and under tsx alike).
// When CW_MODULE_LOG names a file, every module the process loads is appended to it, one per line:
//   "<format> <url>" for each module that goes through the ES module loader (our code, ESM packages,
//   and CommonJS packages imported from ESM), and "require <url>" for every CommonJS module in
//   require.cache at exit (CommonJS requires inside CommonJS packages never reach the ESM hooks on Node 20).
// Used by test/architecture/lazy-demo.test.ts and test/bench/startup.ts.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

const out = process.env.CW_MODULE_LOG;

// This one file is both the preload (main thread: registers the hooks and the exit report) and the hooks
// module (which Node runs in its own worker thread).
if (isMainThread && out) {
  register(import.meta.url);
  process.on('exit', () => {
    const cache = createRequire(import.meta.url).cache;
    const lines = Object.keys(cache).map((path) => `require ${pathToFileURL(path).href}\n`);
    appendFileSync(out, lines.join(''));
  });
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (out) appendFileSync(out, `${result.format ?? 'unknown'} ${url}\n`);
  return result;
}
