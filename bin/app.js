#!/usr/bin/env node
// The CDK app entry (`cdk.json`): bin/app.ts and everything of ours it imports, bundled by esbuild
// and compiled as one module; packages in node_modules load as usual. A TypeScript loader hook
// (tsx) costs about 350 ms of every synth in per-file transforms and hooks; the bundle is built
// once (about 150 ms) and reused from .cache/app/ while none of its sources has changed, which
// one `stat` per source (about 90 files) tells.
const Module = require('node:module');
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const CACHE = join(ROOT, '.cache', 'app');
const BUNDLE = join(CACHE, 'app.js');
/** The sources the bundle was built from, each with the size and mtime it had then. */
const INPUTS = join(CACHE, 'inputs.json');

function stamp(path) {
  const { size, mtimeMs } = statSync(path);
  return { path, size, mtimeMs };
}

function cachedBundle() {
  try {
    const inputs = JSON.parse(readFileSync(INPUTS, 'utf8'));
    const unchanged = inputs.every((input) => {
      const now = stamp(input.path);
      return now.size === input.size && now.mtimeMs === input.mtimeMs;
    });
    return unchanged ? readFileSync(BUNDLE, 'utf8') : undefined;
  } catch {
    return undefined; // no cache yet, or a source removed: build
  }
}

/** Written to a temporary name, then renamed: a synth running alongside reads a whole file or none. */
function writeAtomically(path, text) {
  const temporary = `${path}.${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function build() {
  const { buildSync } = require('esbuild');
  const started = Date.now();
  const { outputFiles, metafile } = buildSync({
    entryPoints: [join(__dirname, 'app.ts')],
    outfile: BUNDLE,
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    write: false,
    metafile: true,
    // `NODE_OPTIONS=--enable-source-maps` maps stack traces back to the TypeScript lines.
    sourcemap: 'inline',
    logLevel: 'error',
  });
  const code = outputFiles[0].text;
  const inputs = [__filename, ...Object.keys(metafile.inputs).map((input) => join(ROOT, input))].map(stamp);
  // A source saved while the build ran may not be in it: leave the cache for the next run to rebuild.
  if (inputs.every((input) => input.mtimeMs < started)) {
    mkdirSync(CACHE, { recursive: true });
    writeAtomically(BUNDLE, code);
    writeAtomically(INPUTS, JSON.stringify(inputs));
  }
  return code;
}

const code = cachedBundle() ?? build();
const app = new Module(BUNDLE, module);
app.filename = BUNDLE;
// Its requires resolve from bin/, as the sources' own do.
app.paths = Module._nodeModulePaths(__dirname);
app._compile(code, BUNDLE);
