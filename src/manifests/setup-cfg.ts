/**
 * `setup.cfg` as setuptools reads it: configparser sections and multi-line values, then
 * `[options] install_requires` / `python_requires` and `[options.extras_require]`.
 */
import type { Diagnostic } from '../diagnostics.js';
import { parseRequirement, requirementProblem } from '../pep508/requirement.js';
import { dependencyFrom } from './dependency.js';
import { quote, splitLines } from './text.js';
import type { Dependency, Manifest } from './types.js';

/** One value line of an option, where it is written. */
interface ValueLine {
  text: string;
  line: number;
}

interface IniOption {
  line: number;
  values: ValueLine[];
}

type IniSections = Map<string, Map<string, IniOption>>;

const SECTION = /^\[([^\]]+)\]/;

/**
 * configparser's option line (`^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$`) read by hand: that pattern
 * backtracks quadratically over a long run of spaces with no `=`.
 */
function optionLine(text: string): [string, string] | null {
  const at = text.search(/[=:]/);
  if (at < 1 || /\s/.test(text.charAt(0))) return null;
  return [text.slice(0, at).trimEnd(), text.slice(at + 1).trimStart()];
}

/**
 * configparser's defaults: `[section]`, `key = value` or `key: value`, continuation lines
 * indented deeper than the key, whole-line comments with `#` or `;` (inline ones are text).
 */
export function parseIni(text: string, file: string, errors: Diagnostic[]): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, IniOption> | null = null;
  let option: IniOption | null = null;
  let optionIndent = 0;
  splitLines(text).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const indent = raw.length - raw.trimStart().length;
    if (trimmed === '') {
      option?.values.push({ text: '', line });
      return;
    }
    if (option !== null && indent > optionIndent) {
      option.values.push({ text: trimmed, line });
      return;
    }
    option = null;
    const section = SECTION.exec(trimmed);
    if (section?.[1] !== undefined && indent === 0) {
      current = sections.get(section[1]) ?? new Map<string, IniOption>();
      sections.set(section[1], current);
      return;
    }
    const match = optionLine(trimmed);
    if (current === null) {
      errors.push({ file, line, message: 'text before the first [section]' });
      return;
    }
    if (match === null) {
      errors.push({
        file,
        line,
        message: `cannot read ${quote(trimmed)}: expected key = value`,
      });
      return;
    }
    const [key, value] = match;
    option = { line, values: value === '' ? [] : [{ text: value, line }] };
    optionIndent = indent;
    current.set(key.toLowerCase(), option);
  });
  return sections;
}

/**
 * setuptools' list rule: a value on several lines has one item per line; a value on one line
 * is split at `;` (so a marker there breaks it — setuptools warns, we report it). `#` items go.
 */
function listItems(option: IniOption): ValueLine[] {
  const lines = option.values.filter((v) => v.text !== '');
  const items =
    lines.length === 1 && option.values.length === 1 ? splitSemicolons(lines[0]) : lines;
  return items
    .map((v) => ({ ...v, text: v.text.trim() }))
    .filter((v) => v.text !== '' && !v.text.startsWith('#'));
}

function splitSemicolons(value: ValueLine | undefined): ValueLine[] {
  if (value === undefined) return [];
  return value.text.split(';').map((text) => ({ text, line: value.line }));
}

function readRequirements(
  option: IniOption,
  group: string,
  file: string,
  out: { dependencies: Dependency[]; errors: Diagnostic[] },
): void {
  const first = option.values[0];
  if (first?.text.startsWith('file:') === true) {
    out.errors.push({
      file,
      line: first.line,
      message: `${first.text}: requirements read from another file are not followed; name that file as a manifest instead`,
    });
    return;
  }
  for (const item of listItems(option)) {
    const parsed = parseRequirement(item.text);
    if (parsed.ok) {
      out.dependencies.push(dependencyFrom(parsed.value, { file, line: item.line, group }));
    } else {
      const hint =
        option.values.length === 1 && option.values[0]?.text.includes(';')
          ? ' (on one line setuptools splits at ";", so markers need one requirement per line)'
          : '';
      out.errors.push({
        file,
        line: item.line,
        message: `invalid requirement ${quote(item.text)}: ${requirementProblem(parsed.error)}${hint}`,
      });
    }
  }
}

export function parseSetupCfg(path: string, text: string): Manifest {
  const errors: Diagnostic[] = [];
  const dependencies: Dependency[] = [];
  const sections = parseIni(text, path, errors);
  const options = sections.get('options');
  const out = { dependencies, errors };
  const install = options?.get('install_requires');
  if (install !== undefined) readRequirements(install, 'main', path, out);
  for (const [extra, option] of sections.get('options.extras_require') ?? []) {
    readRequirements(option, `optional:${extra}`, path, out);
  }
  const pythonRequires = options?.get('python_requires');
  const requiresPython =
    pythonRequires === undefined
      ? null
      : pythonRequires.values
          .map((v) => v.text)
          .join(' ')
          .trim() || null;
  return {
    path,
    kind: 'setup.cfg',
    requiresPython,
    requiresPythonLine: pythonRequires?.line ?? null,
    dependencies,
    errors,
    options: [],
    project: null,
  };
}
