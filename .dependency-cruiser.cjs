/**
 * The layers of src/, lowest first: a module imports only from its own folder and from the
 * layers below it, and nothing imports in a cycle. `npm run -s layers` (and .ci/run) check it.
 *
 *   shared      result, version, text/ (escape, redact), json-guards, iso-date ("today"),
 *               node-http (node:http(s) through require()),
 *               diagnostics, rules/ (the rule catalogue), licenses/: leaves every layer may use
 *   pep440      versions, specifiers, names
 *   pep508      requirements and markers
 *   manifests   parsing each manifest format into dependencies
 *   discover    finding and reading the manifests of a tree (fs, git)
 *   resolve     which version is used (locks, pins)
 *   facts       the outside services (facts/http/ is their HTTP client)
 *   config      the policy: defaults, file, inputs
 *   checks      the verdict
 *   report      every rendering of the result (report/model.ts is the result)
 *   engine      resolve → facts → checks, for both edges
 *   cli         the command line (cli.ts starts it)
 *   action      the GitHub Action (main.ts and index.ts start it)
 *
 * Layers on one line of LAYERS are siblings: neither imports the other.
 */
const LAYERS = [
  ['result', 'version', 'text', 'json-guards', 'iso-date', 'node-http'],
  ['diagnostics', 'rules', 'licenses'],
  ['pep440'],
  ['pep508'],
  ['manifests'],
  ['discover', 'resolve'],
  ['facts', 'config'],
  ['checks'],
  ['report'],
  ['engine'],
  ['cli', 'action'],
  ['cli-entry', 'action-entry'],
];

/** The top-level file or folder of src/ each layer is (entry points are files). */
const PATHS = {
  'cli-entry': 'src/cli\\.ts$',
  'action-entry': 'src/(main|index)\\.ts$',
};
const pathOf = (layer) => PATHS[layer] ?? `^src/${layer}(\\.ts$|/)`;

const upward = LAYERS.flatMap((rank, i) =>
  rank.map((layer) => {
    const above = LAYERS.slice(i + 1).flat();
    const siblings = rank.filter((other) => other !== layer);
    return {
      name: `layer-${layer}`,
      comment: `${layer} imports only from the layers below it (see .dependency-cruiser.cjs)`,
      severity: 'error',
      from: { path: pathOf(layer) },
      to: { path: [...above, ...siblings].map(pathOf) },
    };
  }),
);

const known = LAYERS.flat().map(pathOf);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'modules never import each other in a circle',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unlayered',
      comment: 'every file of src/ belongs to a layer: add a new top-level folder to LAYERS',
      severity: 'error',
      from: { path: '^src/', pathNot: known },
      to: {},
    },
    {
      name: 'no-unlayered-import',
      comment: 'every file of src/ belongs to a layer: add a new top-level folder to LAYERS',
      severity: 'error',
      from: {},
      to: { path: '^src/', pathNot: known },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to nothing',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    ...upward,
  ],
  options: {
    includeOnly: '^src/',
    // `import type` counts: a type import that points up is a layer broken all the same.
    tsPreCompilationDeps: true,
    // NodeNext specifiers say `./x.js` for `./x.ts`: resolve them as tsc does.
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
};
