import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { judgeWebhooks } from '../lib/github.js';

/** Every active organisation webhook uses https, verifies TLS certificates and has a secret. */
export const orgWebhooksSecure = defineCheck({
  id: 'github.org_webhooks_secure',
  observes: 'github.org',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => judgeWebhooks(requireKnown(obs.attributes.webhooks, 'organisation webhooks'), 'the organisation')),
});
