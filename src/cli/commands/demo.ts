import type { Command } from 'commander';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../config/load.js';
import { configPath } from '../../util/project-root.js';
import { createLogger } from '../../log.js';
import { loadEstateFile } from '../../demo/estate/load.js';
import { startFakeAws, type FakeAwsEndpoints } from '../../demo/fakes/server.js';
import { startFakeGitHub, type FakeGithub } from '../../demo/fakes/github/server.js';
import type { Estate } from '../../demo/estate/schema.js';
import { runPipeline } from '../pipeline.js';
import { openStore, type GlobalOptions } from '../context.js';
import { buildReport } from '../../report/build.js';
import { renderReportTable } from '../../report/render-table.js';
import { checkInfos, frameworkInfos } from '../catalog-info.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export const DEMO_DB = 'controlwatch-demo.db';
export const DEMO_ESTATE = configPath('demo', 'estate.yaml');
export const DEMO_CONFIG = configPath('demo', 'controlwatch.demo.yaml');

/**
 * The variables config/demo/controlwatch.demo.yaml expects, filled from the running fakes and the estate.
 * `github` is the running GitHub fake (when the estate has a `github:` section).
 */
export function demoEnvironment(estate: Estate, endpoints: FakeAwsEndpoints, github?: Pick<FakeGithub, 'url'>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { CONTROLWATCH_DEMO_IAM_ENDPOINT: endpoints.iam, CONTROLWATCH_DEMO_CONFIG_ENDPOINT: endpoints.config };
  env.CONTROLWATCH_DEMO_STS_ENDPOINT = endpoints.sts;
  env.CONTROLWATCH_DEMO_S3_ENDPOINT = endpoints.s3;
  env.CONTROLWATCH_DEMO_S3CONTROL_ENDPOINT = endpoints.s3control;
  for (const account of estate.aws?.accounts ?? []) {
    env[`CONTROLWATCH_DEMO_${account.id}_ACCESS_KEY_ID`] = account.credentials.access_key_id;
    env[`CONTROLWATCH_DEMO_${account.id}_SECRET_ACCESS_KEY`] = account.credentials.secret_access_key;
  }
  if (github !== undefined && estate.github !== undefined) {
    env.CONTROLWATCH_DEMO_GITHUB_URL = github.url;
    env.CONTROLWATCH_DEMO_GITHUB_TOKEN = estate.github.tokens.find((t) => t.name === estate.github?.demo_token)?.token;
  }
  return env;
}

/**
 * `controlwatch demo`: serves the simulated estate on 127.0.0.1, runs the real pipeline against it
 * (real SDK clients, real checks, real sealed store) and prints the report. Each call adds a run, so
 * a second `demo` shows "changes since the previous run" and a longer chain for `verify`.
 */
export function registerDemo(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('demo')
    .description(`run the whole pipeline against a simulated AWS estate on loopback (evidence in ./${DEMO_DB} unless --db)`)
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      const dbPath = resolve(opts.db ?? DEMO_DB);
      const estate = await loadEstateFile(DEMO_ESTATE);
      const fake = await startFakeAws({ estate });
      let github: FakeGithub | undefined;
      try {
        if (estate.github !== undefined) github = await startFakeGitHub({ estate });
        const config = parseConfig(readFileSync(DEMO_CONFIG, 'utf8'), DEMO_CONFIG, demoEnvironment(estate, fake.endpoints, github));
        const log = createLogger(opts.logLevel ?? config.log.level);
        const { outcome, registry } = await runPipeline(config, dbPath, 'demo', log);
        const store = openStore(dbPath, true);
        try {
          const report = buildReport({
            store,
            checks: checkInfos(registry),
            frameworks: frameworkInfos(registry),
            frameworkFilter: [],
            owners: config.owners,
            timezone: config.audit.timezone,
            runId: outcome.runId,
          });
          process.stdout.write(renderReportTable(report));
        } finally {
          store.close();
        }
        const rel = opts.db ?? DEMO_DB;
        process.stdout.write(
          `\nSimulated estate: ${estate.expected_failures.length} deliberate misconfigurations (see config/demo/estate.yaml).\n` +
            `Evidence: ${dbPath} (run ${outcome.runId}). Next:\n` +
            `  npx controlwatch --db ${rel} verify        # recompute seals and the chain\n` +
            `  npx controlwatch --db ${rel} report --format json\n`,
        );
      } finally {
        await fake.close();
        await github?.close();
      }
      setExit(EXIT.ok);
    });
}
