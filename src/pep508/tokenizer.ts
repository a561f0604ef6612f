/**
 * The tokens of PEP 508 dependency specifiers, matched at a position as packaging's
 * context-sensitive tokenizer does: the parser asks for the token it can accept next.
 */
import { PLAIN_SPECIFIER_SOURCE, SPECIFIER_SOURCE } from '../pep440/specifier.js';

const RULES = {
  LEFT_PARENTHESIS: /\(/y,
  RIGHT_PARENTHESIS: /\)/y,
  LEFT_BRACKET: /\[/y,
  RIGHT_BRACKET: /\]/y,
  SEMICOLON: /;/y,
  COMMA: /,/y,
  QUOTED_STRING: /(?:'[^']*')|(?:"[^"]*")/y,
  OP: /===|==|~=|!=|<=|>=|<|>/y,
  BOOLOP: /\b(?:or|and)\b/y,
  IN: /\bin\b/y,
  NOT: /\bnot\b/y,
  VARIABLE:
    /\b(?:python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)|platform[._](?:version|machine|python_implementation)|python_implementation|implementation_(?:name|version)|extras?|dependency_groups)\b/y,
  SPECIFIER: new RegExp(SPECIFIER_SOURCE, 'iy'),
  AT: /@/y,
  URL: /[^ \t]+/y,
  IDENTIFIER: /\b[a-zA-Z0-9][a-zA-Z0-9._-]*\b/y,
  VERSION_PREFIX_TRAIL: /\.\*/y,
  VERSION_LOCAL_LABEL_TRAIL: /\+[a-z0-9]+(?:[-_.][a-z0-9]+)*/y,
  WS: /[ \t]+/y,
  END: /$/y,
} as const;

export type TokenName = keyof typeof RULES;

/** Tried before RULES.SPECIFIER: it matches the common forms the same way, and compiles fast. */
const PLAIN_SPECIFIER = new RegExp(PLAIN_SPECIFIER_SOURCE, 'y');

/** A syntax error with the span packaging would underline. */
export class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

export class Tokenizer {
  position = 0;
  private pending: { name: TokenName; text: string } | null = null;

  constructor(readonly source: string) {}

  /** Whether the next token is `name`; unless peeking, it is loaded and must be read. */
  check(name: TokenName, peek = false): boolean {
    const match =
      (name === 'SPECIFIER' ? this.match(PLAIN_SPECIFIER) : null) ?? this.match(RULES[name]);
    if (match === null) return false;
    if (!peek) this.pending = { name, text: match[0] };
    return true;
  }

  private match(rule: RegExp): RegExpExecArray | null {
    rule.lastIndex = this.position;
    return rule.exec(this.source);
  }

  consume(name: TokenName): void {
    if (this.check(name)) this.read();
  }

  read(): string {
    const token = this.pending;
    if (token === null) throw new Error('read() without a successful check()');
    this.position += token.text.length;
    this.pending = null;
    return token.text;
  }

  expect(name: TokenName, expected: string): string {
    if (!this.check(name)) throw this.error(`Expected ${expected}`);
    return this.read();
  }

  error(
    message: string,
    start: number = this.position,
    end: number = this.position,
  ): SyntaxProblem {
    return new SyntaxProblem(message, start, end);
  }

  /** Parses `inner` inside optional `open … close` tokens. */
  enclosed<T>(open: TokenName, close: TokenName, around: string, inner: () => T): T {
    let openAt: number | null = null;
    if (this.check(open)) {
      openAt = this.position;
      this.read();
    }
    const value = inner();
    if (openAt === null) return value;
    if (!this.check(close)) {
      throw this.error(`Expected matching ${close} for ${open}, after ${around}`, openAt);
    }
    this.read();
    return value;
  }
}
