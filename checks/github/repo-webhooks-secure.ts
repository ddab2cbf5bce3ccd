import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown } from '../lib/known.js';
import { judgeWebhooks, onActiveRepo } from '../lib/github.js';

/** Every active repository webhook uses https, verifies TLS certificates and has a secret. */
export const repoWebhooksSecure = defineCheck({
  id: 'github.repo_webhooks_secure',
  observes: 'github.repo',
  parameters: z.object({}).strict(),
  evaluate: onActiveRepo((repo) => judgeWebhooks(requireKnown(repo.webhooks, 'repository webhooks'), 'the repository')),
});
