/**
 * Mermaid's own parser, for tests: `mermaid.parse` runs the grammar of each diagram type (the
 * JISON parsers of flowchart and xychart, the Langium parser of pie) without a browser.
 * Mermaid sanitises labels with DOMPurify, which needs a DOM; under Node it is replaced by a
 * pass-through, which leaves the grammar (what these tests check) as it is.
 */
import { jest } from '@jest/globals';

jest.unstable_mockModule('dompurify', () => {
  const purify = {
    sanitize: (text: string) => text,
    addHook: () => undefined,
    removeHook: () => undefined,
    removeHooks: () => undefined,
    removeAllHooks: () => undefined,
    isSupported: true,
  };
  return { default: purify, ...purify };
});

const { default: mermaid } = await import('mermaid');

/** The diagram type Mermaid parsed the text as; throws on a syntax error. */
export async function parseMermaid(text: string): Promise<string> {
  return (await mermaid.parse(text)).diagramType;
}

/** The diagram's database after parsing (vertices of a flowchart, sections of a pie). */
export async function diagramOf(text: string): Promise<unknown> {
  // The one API that gives the parsed diagram without rendering it (rendering needs a DOM).
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  return (await mermaid.mermaidAPI.getDiagramFromText(text)).db;
}
