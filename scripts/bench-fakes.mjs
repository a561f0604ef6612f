// The benchmark's fake PyPI, OSV and GitHub in their own process, so that the client's CPU
// time is its own. Reads the facts file named by argv[2] and the latency in ms (argv[3]),
// prints one JSON line with the URLs, and stops when its stdin closes (the bench exits).
import { readFileSync } from 'node:fs';

const { startFakeServices } = await import('../lib/__tests__/fakes/services.js');
const facts = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const services = await startFakeServices(facts, {
  latencyMs: Number(process.argv[3] ?? 0),
  githubToken: 'bench',
});
// Answers ready before the clock starts, as PyPI's CDN has them.
services.pypi.prepare();
process.stdout.write(
  `${JSON.stringify({
    pypiJson: services.pypi.jsonUrl,
    osv: services.osv.url,
    github: services.github.url,
  })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  void services.close().then(() => process.exit(0));
});
