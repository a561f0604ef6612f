// Loaded with `node --import` by `npm run bench`: at exit, writes this process's CPU time
// (user+sys, all threads) and its wall time since start to the file $PYGOVERN_BENCH_USAGE.
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

process.on('exit', () => {
  const cpu = process.cpuUsage();
  const line = { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() };
  appendFileSync(process.env.PYGOVERN_BENCH_USAGE ?? '', `${JSON.stringify(line)}\n`);
});
