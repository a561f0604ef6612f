/**
 * PEP 508 dependency specifiers (`name[extras] (specifiers) ; marker` or `name @ url ; marker`),
 * parsed with packaging's grammar and reported in its normal form.
 */
import { formatSpecifierSet, parseSpecifierSet } from '../pep440/specifier.js';
import { err, ok, type Result } from '../result.js';
import { describeProblem, formatMarker, parseMarkerTokens, type MarkerList } from './marker.js';
import { SyntaxProblem, Tokenizer } from './tokenizer.js';

export interface Requirement {
  name: string;
  /** Extras as written, sorted. */
  extras: string[];
  /** packaging's `str(SpecifierSet)` but comma-joined without spaces: sorted, deduplicated. */
  specifier: string;
  url: string | null;
  /** The marker in packaging's normal form, or null. */
  marker: string | null;
  markerTree: MarkerList | null;
}

export interface RequirementError {
  message: string;
  /** 0-based column where the problem starts. */
  column: number;
}

interface Details {
  url: string;
  specifier: string;
  marker: MarkerList | null;
}

/*
 * requirement = WS? IDENTIFIER WS? extras WS? requirement_details END
 * requirement_details = AT URL (WS requirement_marker?)? | specifier WS? requirement_marker?
 */
function parseTokens(t: Tokenizer): { name: string; extras: string[] } & Details {
  t.consume('WS');
  const name = t.expect('IDENTIFIER', 'package name at the start of dependency specifier');
  t.consume('WS');
  const extras = parseExtras(t);
  t.consume('WS');
  const details = parseDetails(t);
  t.expect('END', 'end of dependency specifier');
  return { name, extras, ...details };
}

function parseDetails(t: Tokenizer): Details {
  if (t.check('AT')) {
    t.read();
    t.consume('WS');
    const urlStart = t.position;
    const url = t.expect('URL', 'URL after @');
    if (t.check('END', true)) return { url, specifier: '', marker: null };
    t.expect('WS', 'whitespace after URL');
    if (t.check('END', true)) return { url, specifier: '', marker: null };
    return {
      url,
      specifier: '',
      marker: parseRequirementMarker(t, urlStart, 'semicolon (after URL and whitespace)'),
    };
  }
  const specifierStart = t.position;
  const specifier = parseSpecifierTokens(t);
  t.consume('WS');
  if (t.check('END', true)) return { url: '', specifier, marker: null };
  const expected =
    specifier === ''
      ? 'semicolon (after name with no version specifier)'
      : 'comma (within version specifier), semicolon (after version specifier)';
  return { url: '', specifier, marker: parseRequirementMarker(t, specifierStart, expected) };
}

function parseRequirementMarker(t: Tokenizer, spanStart: number, expected: string): MarkerList {
  if (!t.check('SEMICOLON')) throw t.error(`Expected ${expected} or end`, spanStart);
  t.read();
  const marker = parseMarkerTokens(t);
  t.consume('WS');
  return marker;
}

function parseExtras(t: Tokenizer): string[] {
  if (!t.check('LEFT_BRACKET', true)) return [];
  return t.enclosed('LEFT_BRACKET', 'RIGHT_BRACKET', 'extras', () => {
    t.consume('WS');
    const extras: string[] = [];
    if (t.check('IDENTIFIER')) {
      extras.push(t.read());
      for (;;) {
        t.consume('WS');
        if (t.check('IDENTIFIER', true)) throw t.error('Expected comma between extra names');
        if (!t.check('COMMA')) break;
        t.read();
        t.consume('WS');
        extras.push(t.expect('IDENTIFIER', 'extra name after comma'));
      }
    }
    t.consume('WS');
    return extras;
  });
}

function parseSpecifierTokens(t: Tokenizer): string {
  return t.enclosed('LEFT_PARENTHESIS', 'RIGHT_PARENTHESIS', 'version specifier', () => {
    t.consume('WS');
    let text = '';
    while (t.check('SPECIFIER')) {
      const start = t.position;
      text += t.read();
      if (t.check('VERSION_PREFIX_TRAIL', true)) {
        throw t.error(
          '.* suffix can only be used with `==` or `!=` operators',
          start,
          t.position + 1,
        );
      }
      if (t.check('VERSION_LOCAL_LABEL_TRAIL', true)) {
        throw t.error(
          'Local version label can only be used with `==` or `!=` operators',
          start,
          t.position,
        );
      }
      t.consume('WS');
      if (!t.check('COMMA')) break;
      text += t.read();
      t.consume('WS');
    }
    t.consume('WS');
    return text;
  });
}

/** A requirement, or packaging's message for why it is not one. Never throws. */
export function parseRequirement(text: string): Result<Requirement, RequirementError> {
  const t = new Tokenizer(text);
  let parsed: { name: string; extras: string[] } & Details;
  try {
    parsed = parseTokens(t);
  } catch (e) {
    if (e instanceof SyntaxProblem)
      return err({ message: describeProblem(e, text), column: e.start });
    throw e;
  }
  const specifiers = parseSpecifierSet(parsed.specifier);
  if (!specifiers.ok) return err({ message: specifiers.error, column: 0 });
  return ok({
    name: parsed.name,
    extras: [...new Set(parsed.extras)].sort(),
    specifier: formatSpecifierSet(specifiers.value),
    url: parsed.url === '' ? null : parsed.url,
    marker: parsed.marker === null ? null : formatMarker(parsed.marker),
    markerTree: parsed.marker,
  });
}

/** packaging's `str(Requirement)`. */
export function formatRequirement(r: Requirement): string {
  let out = r.name;
  if (r.extras.length > 0) out += `[${r.extras.join(',')}]`;
  out += r.specifier;
  if (r.url !== null) out += ` @ ${r.url}${r.marker !== null ? ' ' : ''}`;
  if (r.marker !== null) out += `; ${r.marker}`;
  return out;
}

/** One line for a diagnostic: packaging's message without its caret drawing, plus the column. */
export function requirementProblem(error: RequirementError): string {
  const first = error.message.split('\n')[0] ?? error.message;
  return error.message.includes('\n') ? `${first} (at column ${String(error.column + 1)})` : first;
}

/**
 * A bare marker (`python_version < "3.11"`) in packaging's normal form, through the requirement
 * parser so every manifest normalises it alike; the parse error when it is not a marker.
 */
export function normalizeMarker(text: string): Result<string | null, RequirementError> {
  const parsed = parseRequirement(`x ; ${text}`);
  return parsed.ok ? ok(parsed.value.marker) : parsed;
}
