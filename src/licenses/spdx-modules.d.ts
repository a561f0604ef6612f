// Types for the two SPDX packages that ship none (spdx-license-list has its own).

declare module 'spdx-expression-parse' {
  namespace parse {
    /** One licence: `GPL-2.0+` is {license: 'GPL-2.0', plus: true}; LicenseRef-… kept whole. */
    interface LicenseNode {
      license: string;
      plus?: true;
      exception?: string;
    }
    /** `left AND right` / `left OR right`; `conjunction` is lower case. */
    interface ConjunctionNode {
      left: ExpressionNode;
      conjunction: 'and' | 'or';
      right: ExpressionNode;
    }
    type ExpressionNode = LicenseNode | ConjunctionNode;
  }
  /** Parses an SPDX expression (ids case-sensitive); throws on invalid input. */
  function parse(source: string): parse.ExpressionNode;
  export = parse;
}

declare module 'spdx-satisfies' {
  /**
   * Whether `expression` is satisfied by the approved licences (each a single licence,
   * possibly `+` or `WITH`; never AND/OR). Throws on invalid input.
   */
  function satisfies(expression: string, approved: string[]): boolean;
  export = satisfies;
}
