/**
 * Benchmark (not a test): runs the GitHub collector against the fake with N repositories and prints the
 * HTTP calls per repository and per route, cold and then warm (ETag cache → 304s).
 *   node --import tsx test/bench/github-calls.ts [N=50]
 */
import { pino } from 'pino';
import { ConfigSchema } from '../../src/config/schema.js';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import { startFakeGitHub } from '../../src/demo/fakes/github/server.js';
import { CallStats } from '../../src/sdk/call-stats.js';
import { createGithubCollector } from '../../collectors/github/collector.js';

const n = Number(process.argv[2] ?? 50);
const estate = await loadEstateFile(new URL('../../config/demo/estate.yaml', import.meta.url).pathname);
const org = estate.github!.organizations[0]!;
const templates = org.repositories.filter((r) => r.name !== 'secret-project');
org.repositories = Array.from({ length: n }, (_, i) => {
  const t = templates[i % templates.length]!;
  return { ...t, name: `${t.name}-${i}`, id: 100_000 + i };
});
const ownerToken = estate.github!.tokens.find((t) => t.name === estate.github!.demo_token)!.token;
const fake = await startFakeGitHub({ estate });
try {
  const config = ConfigSchema.parse({ version: 1, github: { baseUrl: fake.url, auth: { token: ownerToken }, organizations: [{ name: org.login }] } });
  const collector = createGithubCollector();
  const [target] = collector.targets(config.github!);
  for (const pass of ['cold', 'warm (ETag)']) {
    const stats = new CallStats();
    const before = fake.requests.length;
    const started = Date.now();
    const out = await collector.collect(target!, { log: pino({ level: 'silent' }), stats, sleep: async () => undefined, previous: null, startedAt: '2026-11-21T06:00:00.000Z' });
    const repos = out.observations.filter((o) => o.type === 'github.repo').length;
    const notModified = fake.requests.slice(before).filter((r) => r.status === 304).length;
    const orgLevel = Object.entries(stats.byOperation).filter(([route]) => route.startsWith('GET /orgs/') || route === 'POST /graphql').reduce((a, [, c]) => a + c, 0);
    process.stdout.write(
      `\n${pass}: ${repos} repositories, ${stats.calls} calls (${notModified} answered 304), ${((stats.calls - orgLevel) / repos).toFixed(2)} per repository + ${orgLevel} organisation-level, ${Date.now() - started} ms\n`,
    );
    for (const [route, count] of Object.entries(stats.byOperation).sort((a, b) => b[1] - a[1])) {
      process.stdout.write(`  ${String(count).padStart(5)}  ${(count / repos).toFixed(2).padStart(6)}/repo  ${route}\n`);
    }
  }
} finally {
  await fake.close();
}
