import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NoEvidenceError, type RunSummary } from '../period/index.js';
import type { EvidenceHandle } from './evidence-handle.js';
import type { LedgerPort } from './ports.js';
import { HISTORY_DAYS, lastDays, type Catalogue } from './service-view.js';

export interface ApiDeps {
  readonly handle: EvidenceHandle;
  readonly catalogue: Catalogue;
  readonly ledger: LedgerPort;
  readonly clock: () => Date;
}

const Days = z.object({ days: z.coerce.number().int().min(1).max(3660).default(HISTORY_DAYS) }).strict();
const RunId = z.object({ id: z.coerce.number().int().positive() }).strict();
const ControlParams = z.object({ framework: z.string().min(1), control: z.string().min(1) }).strict();

/** The read-only JSON API: runs, slots, one run's results, one control's daily history. GET only. */
export function registerApi(app: FastifyInstance, deps: ApiDeps): void {
  const { handle } = deps;

  /** Every run started in the last `days` audit days, newest first, sealed or not (unsealed ones are gaps to explain). */
  app.get('/api/runs', async (req) => {
    const { days } = Days.parse(req.query);
    const evidence = handle.evidence();
    const byDay = evidence.runsByDay(lastDays(deps.clock(), evidence.timezone, days));
    const runs: RunSummary[] = [...byDay.days.flatMap((d) => d.runs), ...byDay.unsealed].sort((a, b) => b.id - a.id);
    return { timezone: byDay.timezone, range: byDay.range, runs };
  });

  app.get('/api/runs/:id/results', async (req) => {
    const { id } = RunId.parse(req.params);
    const evidence = handle.evidence();
    const run = evidence.sealedRun(id);
    return { run, coverage: evidence.coverage(id), results: evidence.results(id) };
  });

  /** The daemon's scheduled slots of the last 90 days with their current status (expected, running, ran, missed, skipped) and reason. */
  app.get('/api/slots', async () => {
    const slots = deps.ledger.slots();
    return slots.length > 0 ? { slots } : { slots, note: 'no slot recorded: no daemon schedule has run against this store' };
  });

  app.get('/api/controls/:framework/:control/history', async (req, reply) => {
    const { framework, control } = ControlParams.parse(req.params);
    const { days } = Days.parse(req.query);
    const ref = deps.catalogue.controls.find((c) => c.framework === framework && c.controlId === control);
    if (!ref) return reply.code(404).send({ error: `no check maps to control ${control} of framework ${framework}, and it is not a declared manual control` });
    const evidence = handle.evidence();
    // Attested status included (each day's `attestation`, combined into `status`), as the dashboard and `period` show it.
    const [series] = evidence.controlSeries(lastDays(deps.clock(), evidence.timezone, days), [ref], { attestations: true });
    return { timezone: evidence.timezone, ...series };
  });
}

/** Maps the API's errors to status codes: bad parameters 400, no such (sealed) run 404. */
export function apiErrorStatus(err: unknown): { code: number; message: string } {
  if (err instanceof z.ZodError) return { code: 400, message: err.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') };
  if (err instanceof NoEvidenceError) return { code: 404, message: err.message };
  return { code: 500, message: 'internal error (see the server log)' };
}
