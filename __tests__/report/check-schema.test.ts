/** The committed JSON Schema holds the real `check --format json` output, field for field. */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import type { CheckJson } from '../../src/report/json.js';
import {
  readFactsFile,
  checkJsonFlags,
  startFakeServices,
  type FakeServices,
} from '../fakes/services.js';

jest.setTimeout(120_000);

const root = fileURLToPath(new URL('../../', import.meta.url));
const schema = JSON.parse(readFileSync(`${root}schema/check.schema.json`, 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true }).compile(schema);
let services: FakeServices | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
});

async function checkJson(paths: string[]): Promise<CheckJson> {
  services = await startFakeServices(readFactsFile(`${root}examples/pr/facts.json`), {
    githubToken: 'gh-test-token',
  });
  let stdout = '';
  const io: Io = {
    stdout: (t) => (stdout += t),
    stderr: () => undefined,
    cwd: root,
    env: { GITHUB_TOKEN: 'gh-test-token' },
  };
  const s = services;
  await main(['check', ...paths, ...checkJsonFlags(s)], io);
  return JSON.parse(stdout) as CheckJson;
}

describe('schema/check.schema.json', () => {
  test('validates the demo check, with findings of several rules and dependencies', async () => {
    const json = await checkJson(['examples/pr/head']);
    validate(json);
    expect(validate.errors ?? []).toEqual([]);
    expect(new Set(json.findings.map((f) => f.rule.split('/')[0])).size).toBeGreaterThan(2);
    expect(json.dependencies.length).toBeGreaterThan(2);

    // Closed objects: a renamed field anywhere in the contract fails the schema.
    const [finding] = json.findings;
    const [dependency] = json.dependencies;
    if (finding === undefined || dependency === undefined) throw new Error('no findings');
    const { rule, ...rest } = finding;
    const renamedFinding = { ...json, findings: [{ ...rest, ruleId: rule }] };
    expect(validate(renamedFinding)).toBe(false);
    const { manifest, ...others } = dependency;
    const renamedDependency = { ...json, dependencies: [{ ...others, file: manifest }] };
    expect(validate(renamedDependency)).toBe(false);
    const { failOn, ...summary } = json.summary;
    expect(validate({ ...json, summary: { ...summary, fail_on: failOn } })).toBe(false);
  });
});
