/** The options a requirements line may hold, split and read as pip (optparse, shlex) does. */

export interface OptionSpec {
  long: string;
  short?: string;
  /** Whether the option takes a value. */
  value: boolean;
  /** Options that belong to one requirement rather than to the whole file. */
  perRequirement?: boolean;
}

/** pip 23's requirements-file options (SUPPORTED_OPTIONS + SUPPORTED_OPTIONS_REQ). */
const OPTIONS: readonly OptionSpec[] = [
  { long: '--index-url', short: '-i', value: true },
  { long: '--extra-index-url', value: true },
  { long: '--no-index', value: false },
  { long: '--constraint', short: '-c', value: true },
  { long: '--requirement', short: '-r', value: true },
  { long: '--editable', short: '-e', value: true },
  { long: '--find-links', short: '-f', value: true },
  { long: '--no-binary', value: true },
  { long: '--only-binary', value: true },
  { long: '--prefer-binary', value: false },
  { long: '--require-hashes', value: false },
  { long: '--pre', value: false },
  { long: '--trusted-host', value: true },
  { long: '--use-feature', value: true },
  { long: '--global-option', value: true, perRequirement: true },
  { long: '--hash', value: true, perRequirement: true },
  { long: '--config-settings', short: '-C', value: true, perRequirement: true },
];

export interface ParsedOptions {
  values: { spec: OptionSpec; value: string | null }[];
}

/** POSIX shell word splitting as Python's `shlex.split` does it (quotes and backslashes). */
export function shellSplit(text: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < text.length && '\\"$`\n'.includes(text.charAt(i + 1))) {
        word += text.charAt(++i);
      } else word += c;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      inWord = true;
      if (c === "'" || c === '"') quote = c;
      else if (c === '\\') {
        if (i + 1 >= text.length) return null;
        word += text.charAt(++i);
      } else word += c;
    }
  }
  if (quote !== null) return null;
  if (inWord) words.push(word);
  return words;
}

/** optparse semantics: `--opt=v`, `--opt v`, `-ov`, `-o v`, unique prefixes of long options. */
export function parseOptions(words: readonly string[]): ParsedOptions | string {
  const values: ParsedOptions['values'] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--') break;
    let spec: OptionSpec | undefined;
    let attached: string | null = null;
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq === -1 ? word : word.slice(0, eq);
      attached = eq === -1 ? null : word.slice(eq + 1);
      spec = OPTIONS.find((o) => o.long === name);
      if (spec === undefined) {
        const candidates = OPTIONS.filter((o) => o.long.startsWith(name));
        if (candidates.length > 1) {
          return `ambiguous option: ${name} (${candidates.map((o) => o.long).join(', ')}?)`;
        }
        spec = candidates[0];
      }
      if (spec === undefined) return `no such option: ${name}`;
      if (!spec.value && attached !== null) return `${spec.long} option does not take a value`;
    } else if (word.startsWith('-') && word.length > 1) {
      const name = word.slice(0, 2);
      spec = OPTIONS.find((o) => o.short === name);
      if (spec === undefined) return `no such option: ${name}`;
      attached = word.length > 2 ? word.slice(2) : null;
    } else {
      continue; // optparse leaves positional words aside; pip ignores them
    }
    if (spec.value && attached === null) {
      const next = words[i + 1];
      if (next === undefined) return `${spec.short ?? spec.long} option requires 1 argument`;
      attached = next;
      i++;
    }
    values.push({ spec, value: spec.value ? attached : null });
  }
  return { values };
}

/** pip's `break_args_options`: words before the first one starting with `-` are the requirement. */
export function splitArgsAndOptions(line: string): [string, string] {
  const tokens = line.split(' ');
  const firstOption = tokens.findIndex((t) => t.startsWith('-'));
  if (firstOption === -1) return [line, ''];
  return [tokens.slice(0, firstOption).join(' '), tokens.slice(firstOption).join(' ')];
}
