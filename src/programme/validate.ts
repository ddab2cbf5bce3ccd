import type { AppConfig } from '../config/schema.js';
import { familyOf } from './owners.js';

/** What programme validation needs from the registry: the check ids (with their controls) and every catalog's control ids. */
export interface ProgrammeCatalog {
  readonly checks: readonly { readonly id: string; readonly controls: readonly string[] }[];
  readonly controlIds: ReadonlySet<string>;
}

/**
 * References in the programme sections that the schema cannot check alone: check and control ids
 * (against the registry), owner and backup teams (against `teams`). One message per problem,
 * naming the field, reported with every other start-up problem.
 */
export function programmeProblems(config: AppConfig, catalog: ProgrammeCatalog): string[] {
  const problems: string[] = [];
  const checkIds = new Set(catalog.checks.map((c) => c.id));
  const families = new Set(catalog.checks.map((c) => familyOf(c.id)));
  const teams = new Set(Object.keys(config.teams));
  const team = (field: string, name: string | undefined) => {
    if (name !== undefined && teams.size > 0 && !teams.has(name)) problems.push(`config ${field}: unknown owner ${name} (teams: ${[...teams].sort().join(', ')})`);
  };

  config.exceptions.forEach((e, i) => {
    if (e.check !== undefined && !checkIds.has(e.check)) problems.push(`config exceptions[${i}].check: no such check ${e.check}`);
    if (e.control !== undefined && !catalog.checks.some((c) => c.controls.includes(e.control!))) {
      problems.push(`config exceptions[${i}].control: ${catalog.controlIds.has(e.control) ? `no automated check maps to control ${e.control}` : `no framework has control ${e.control}`}`);
    }
  });
  const ids = config.exceptions.map((e) => e.id).filter((id): id is string => id !== undefined);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`config exceptions: id ${id} is used more than once`);

  for (const [key, ref] of Object.entries(config.owners)) {
    const field = `owners[${JSON.stringify(key)}]`;
    const known = catalog.controlIds.has(key) || checkIds.has(key) || (key.endsWith('.*') && families.has(key.slice(0, -2)));
    if (!known) problems.push(`config ${field}: no framework has control ${key}, and it is no check id or check family (e.g. iam.*)`);
    team(field, typeof ref === 'string' ? ref : ref.owner);
    if (typeof ref !== 'string') team(`${field}.backup`, ref.backup);
  }

  const seen = new Set<string>();
  config.manualControls.forEach((m, i) => {
    if (!catalog.controlIds.has(m.control)) problems.push(`config manualControls[${i}].control: no framework has control ${m.control}`);
    if (seen.has(m.control)) problems.push(`config manualControls[${i}].control: ${m.control} is declared twice`);
    seen.add(m.control);
    team(`manualControls[${i}].owner`, m.owner);
  });
  return problems;
}
