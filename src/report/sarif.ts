/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per rule id with its help text, one result
 * per finding located at the manifest line, excepted findings as suppressed results.
 */
import { RULE_IDS, RULES, type RuleId } from '../rules/catalogue.js';
import { maintenanceFigures, type MaintenanceFigures } from '../checks/maintenance.js';
import type { CheckResult } from './model.js';
import { plainText } from '../text/escape.js';
import { fingerprintOf } from './fingerprint.js';

const LEVEL = { error: 'error', warning: 'warning', notice: 'note' } as const;
/** Code scanning keeps at most 25,000 results per run. */
const MAX_RESULTS = 25_000;

function ruleJson(id: RuleId) {
  const r = RULES[id];
  return {
    id,
    name: id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: r.title },
    fullDescription: { text: r.why },
    help: {
      text: `${r.why}\n\nHow to fix: ${r.fix}`,
      markdown: `${r.why}\n\n**How to fix:** ${r.fix}`,
    },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      tags: [...new Set(['dependencies', 'python', id.split('/')[0] ?? id])],
      ...(id === 'vulnerability/known' ? { 'security-severity': '7.0' } : {}),
    },
  };
}

export function renderSarif(result: CheckResult, version: string) {
  // A finding's package at its version carries the maintenance figures as result properties.
  const figures = new Map<string, MaintenanceFigures>();
  for (const { facts } of result.dependencies)
    if (facts !== null)
      figures.set(`${facts.name}@${facts.version ?? ''}`, maintenanceFigures(facts, result.today));
  const maintenanceOf = (f: (typeof result.verdict.findings)[number]) =>
    f.normalizedName === null ? undefined : figures.get(`${f.normalizedName}@${f.version ?? ''}`);
  const results = result.verdict.findings.slice(0, MAX_RESULTS).map((f) => ({
    ruleId: f.rule,
    ruleIndex: RULE_IDS.indexOf(f.rule),
    level: LEVEL[f.severity],
    message: { text: plainText(f.fix === null ? f.message : `${f.message} ${f.fix}`) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.manifest, uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line ?? 1 },
        },
      },
    ],
    partialFingerprints: { 'pygovern/v1': fingerprintOf(f) },
    ...(f.exception === null
      ? {}
      : { suppressions: [{ kind: 'external', justification: plainText(f.exception.reason) }] }),
    properties: {
      introduced: f.introduced,
      ...(f.package === null ? {} : { package: f.package }),
      ...(maintenanceOf(f) === undefined ? {} : { maintenance: maintenanceOf(f) }),
    },
  }));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'pygovern',
            version,
            rules: RULE_IDS.map(ruleJson),
          },
        },
        results,
      },
    ],
  };
}
