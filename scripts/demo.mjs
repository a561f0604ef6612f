// `npm run demo`: the bundled action (dist/index.js), run exactly as a GitHub runner runs it,
// on the example pull request in examples/pr/, against local fake PyPI, OSV and GitHub.
// Prints what the action posted: the summary comment, the review line comments, the job
// summary (with its Mermaid charts), the annotations and the outcome. No network is used.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
// The fakes are TypeScript test helpers: compile them (with the sources) into lib/.
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
const { exampleSide, runBundledAction, startScenario } =
  await import('../lib/__tests__/fakes/action-run.js');
const { readFactsFile } = await import('../lib/__tests__/fakes/services.js');

const bold = (t) => (process.stdout.isTTY ? `\u001b[1m${t}\u001b[0m` : t);
const rule = (title) => `\n${bold(`━━ ${title} `.padEnd(78, '━'))}\n`;

const scenario = await startScenario(
  readFactsFile(`${root}examples/pr/facts.json`),
  exampleSide(root, 'base'),
  exampleSide(root, 'head'),
);
try {
  process.stdout.write(
    `Pull request #42 on acme/orders (examples/pr/base → examples/pr/head), checked on 2026-11-24\n` +
      `by node dist/index.js against fake PyPI ${scenario.services.pypi.url}, OSV ${scenario.services.osv.url}\n` +
      `and GitHub ${scenario.services.github.url}.\n`,
  );
  const run = await runBundledAction(scenario, { root });
  process.stdout.write(rule('Summary comment posted on the pull request'));
  process.stdout.write(`${scenario.record.comments[0]?.body ?? '(none)'}\n`);
  process.stdout.write(rule('Review: line comments on the diff'));
  for (const c of scenario.record.reviewComments) {
    process.stdout.write(`\n${bold(`${c.path}:${c.line}`)}\n`);
    process.stdout.write(`${c.body.replace(/^<!-- pygovern:finding \w+ -->\n/gm, '')}\n`);
  }
  process.stdout.write(rule('Job summary (GitHub draws the ```mermaid blocks as charts)'));
  process.stdout.write(`${run.summary}\n`);
  process.stdout.write(rule('Annotations'));
  for (const a of run.annotations)
    process.stdout.write(
      a.file === null
        ? `${a.level.padEnd(7)} ${a.message}\n`
        : `${a.level.padEnd(7)} ${a.file}${a.line === null ? '' : `:${a.line}`}  ${a.title ?? ''}\n`,
    );
  process.stdout.write(rule('Outcome'));
  for (const [name, value] of Object.entries(run.outputs))
    process.stdout.write(`${name}: ${value}\n`);
  process.stdout.write(
    `exit code ${run.exitCode}: the step ${run.exitCode === 0 ? 'passes' : 'fails, so a required check blocks the merge'}\n`,
  );
} finally {
  await scenario.close();
}
