import type { FakeAwsEndpoints } from './fakes/server.js';
import type { FakeGithub } from './fakes/github/server.js';
import type { Estate } from './estate/schema.js';
import { configPath } from '../util/project-root.js';

/** The simulated estate the fakes serve, and the configuration that points controlwatch at them. */
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
  env.CONTROLWATCH_DEMO_CLOUDTRAIL_ENDPOINT = endpoints.cloudtrail;
  env.CONTROLWATCH_DEMO_ACCESSANALYZER_ENDPOINT = endpoints.accessanalyzer;
  // The demo's exception was approved 76 days ago and expires in 14: always "expiring within 30 days".
  env.CONTROLWATCH_DEMO_EXCEPTION_APPROVED = dayFromToday(-76);
  env.CONTROLWATCH_DEMO_EXCEPTION_EXPIRES = dayFromToday(14);
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

/** A UTC calendar day relative to today, for the demo programme's dates. */
function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
