/** PDM: `[tool.pdm.dev-dependencies]` groups of PEP 508 strings. */
import { addRequirement, type Context } from './context.js';

export function readPdm(ctx: Context): void {
  const groups = ctx.reader.table(['tool', 'pdm', 'dev-dependencies']) ?? {};
  for (const group of Object.keys(groups)) {
    for (const { value, path } of ctx.reader.strings(['tool', 'pdm', 'dev-dependencies', group])) {
      addRequirement(ctx, value, path, 'dev');
    }
  }
}
