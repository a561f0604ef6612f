#!/usr/bin/env node
export async function main(argv: string[]): Promise<number> {
  await Promise.resolve();
  process.stdout.write(`pygovern ${argv.join(' ')}\n`);
  return 0;
}
process.exitCode = await main(process.argv.slice(2));
