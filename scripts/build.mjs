// Compile with tsc, then bundle both entry points with esbuild into dist/ (committed: runners
// execute it). Two builds with code splitting, one per entry point: the action (dist/index.js,
// chunks in dist/chunks/) and the CLI (dist/cli/index.js, chunks in dist/cli/chunks/). Each
// package is bundled once per entry, and what a command or stage imports lazily
// (`await import()`) is only loaded when it runs. One build for both would split the code by
// which of the two reaches it as well, into twice as many files: each costs Node's module
// loader about 0.3 ms at every start. dist/licenses.txt carries the notice of every bundled
// package, from the builds' own lists of inputs.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

// @actions/core imports its OIDC client, and through it @actions/http-client and undici, on
// every run; pygovern never asks for an OIDC token. The import is replaced by a stand-in that
// loads the real client when getIDToken is called, so the action starts without undici.
const lazyOidc = {
  name: 'lazy-oidc',
  setup(b) {
    b.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, (args) =>
      args.namespace === 'file' && /[\\/]@actions[\\/]core[\\/]/.test(args.importer)
        ? { path: join(args.resolveDir, 'oidc-utils.js'), namespace: 'lazy-oidc' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-oidc' }, (args) => ({
      contents: `export const OidcClient = { getIDToken: async (audience) => (await import(${JSON.stringify(args.path)})).OidcClient.getIDToken(audience) };`,
      resolveDir: dirname(args.path),
    }));
  },
};

// ES modules in node_modules (@actions/cache's Azure clients) import node:http(s) by default
// import. Node builds an ES module namespace of a built-in by reading every export, and since
// Node 22 node:http's lazy `WebSocket` export then loads Node's own undici (nodejs/node#59686):
// ~40 ms at every start on node 24. Given through require() instead (src/node-http.ts does the
// same for pygovern's own code).
const builtinByRequire = {
  name: 'builtin-by-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?https?$/ }, (args) =>
      args.kind === 'import-statement' || args.kind === 'dynamic-import'
        ? { path: args.path.replace(/^(node:)?/, 'node:'), namespace: 'builtin-by-require' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin-by-require' }, (args) => ({
      // CommonJS, so default, named and namespace imports all work (esbuild's interop reads
      // an export only when it is used).
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
    }));
  },
};

const bin = (name) => `node_modules/.bin/${name}`;
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('lib', { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
rmSync('dist', { recursive: true, force: true });
/** One entry point's bundle: `out` (under dist/) and its chunks beside it. */
const bundle = (entry, out) =>
  build({
    entryPoints: [{ in: entry, out }],
    outdir: 'dist',
    chunkNames: join(dirname(out), 'chunks/[name]-[hash]'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    metafile: true,
    minify: true, // less to read at every start; the source is in the repository
    legalComments: 'none', // the notices go to dist/licenses.txt, whole
    logLevel: 'warning',
    plugins: [lazyOidc, builtinByRequire],
    // One undici, for the GitHub edge: @actions/http-client and @actions/github ask for 6 (two
    // copies in node_modules); they get the one 7 of package.json, whose fetch and ProxyAgent
    // they call the same way. (The facts client does not use undici: src/facts/http/h1-pool.ts.)
    alias: { undici: './node_modules/undici' },
    // CycloneDX's optional XML and schema plug-ins, not installed: it runs without them.
    external: ['xmlbuilder2', 'libxmljs2', 'ajv', 'ajv-formats', 'ajv-formats-draft2019'],
    // CommonJS packages inside an ES module bundle still call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __pygovernRequire } from 'node:module'; const require = __pygovernRequire(import.meta.url);",
    },
  });
const results = [
  await bundle('lib/src/index.js', 'index'),
  await bundle('lib/src/cli.js', 'cli/index'),
];
// What each output holds and imports, for finding what a start-up loads (esbuild's analyser
// or `node scripts/…` of your own read it).
if (process.env.PYGOVERN_METAFILE)
  writeFileSync(
    process.env.PYGOVERN_METAFILE,
    JSON.stringify({
      inputs: Object.assign({}, ...results.map((r) => r.metafile.inputs)),
      outputs: Object.assign({}, ...results.map((r) => r.metafile.outputs)),
    }),
  );
writeFileSync('dist/package.json', '{\n  "type": "module"\n}\n');
// Inputs of a plug-in's namespace (`lazy-oidc:…`) are stand-ins, not files of a package.
const inputs = [...new Set(results.flatMap((r) => Object.keys(r.metafile.inputs)))].filter(
  (i) => !/^[a-z-]+:/.test(i),
);
writeFileSync('dist/licenses.txt', licenses(inputs));

/** The package directory (node_modules/<name> or node_modules/@scope/<name>) of an input. */
function packageRoot(input) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at === -1) return null;
  const size = parts[at + 1]?.startsWith('@') ? 3 : 2;
  return parts.slice(0, at + size).join('/');
}

/** LICENSE, COPYING and NOTICE files of a package (not folders: spdx-license-list's is data). */
function noticeFiles(root) {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isFile() && /^(licen[cs]e|copying|notice)/i.test(e.name))
    .map((e) => join(root, e.name))
    .sort();
}

/** One notice per bundled package: name, licence, and its LICENSE/COPYING/NOTICE files. */
function licenses(inputs) {
  const roots = [...new Set(inputs.map(packageRoot).filter((r) => r !== null))];
  const notices = new Map();
  for (const root of roots) {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const texts = noticeFiles(root).map((f) => readFileSync(f, 'utf8').trim());
    const license =
      typeof manifest.license === 'string'
        ? manifest.license
        : (manifest.license?.type ?? 'see the text');
    if (texts.length === 0 && manifest.license === undefined)
      throw new Error(`build: ${root} has neither a licence file nor a license field`);
    const key = `${manifest.name}@${manifest.version}`;
    notices.set(key, [manifest.name, license, ...texts].join('\n'));
  }
  return `${[...notices.keys()]
    .sort()
    .map((k) => notices.get(k))
    .join('\n\n')}\n`;
}
