import { readdirSync } from 'node:fs';
import { ParsedFiles } from './parsed-files.js';
import { basename, dirname, join, relative } from 'node:path';
import { z } from 'zod';
import { findConfigDir } from './config-dir.js';
import { CatalogError, describeIssues } from './errors.js';

/**
 * Framework catalogs (config/frameworks/*.json): every control of ISO 27001:2022 Annex A, SOC 2,
 * PCI DSS 4.0 and the CIS AWS Foundations Benchmark, so reports can show which controls have automated tests and which need manual evidence.
 * Shape and provenance: config/frameworks/README.md.
 */

const Source = z.record(z.string(), z.string());

const Group = z.object({ id: z.string().min(1), title: z.string().min(1) }).strict();

const Control = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    /** A `groups[].id`: ISO theme, SOC 2 series, PCI principal requirement or appendix, CIS section. */
    group: z.string().min(1),
    /**
     * Why controlwatch's collectors cannot test this control ("needs EC2 …", "manual: …"), so coverage
     * says so instead of leaving a silent gap. A control with a reason must have no check mapped to it
     * (test/registry/cis-coverage.test.ts).
     */
    not_automatable: z.string().min(1).optional(),
  })
  .strict();

export const FrameworkSchema = z
  .object({
    /** The key check metadata uses in `mappings:`; must equal the file name without `.json`. */
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'expected a lower-case id such as iso27001-2022'),
    title: z.string().min(1),
    version: z.string().min(1),
    /** Where the ids and titles came from, with licences (kept from the reference catalog). */
    sources: z.array(Source).min(1),
    notes: z.array(z.string()).default([]),
    groups: z.array(Group).min(1),
    /**
     * The groups controlwatch aims to cover completely (CIS: IAM, S3, Logging): each of their controls is
     * evidenced by a check or says why it cannot be (`not_automatable`). Coverage output counts them apart.
     */
    coverage_target: z.array(z.string().min(1)).optional(),
    controls: z.array(Control).min(1),
  })
  .strict()
  .superRefine((fw, ctx) => {
    const groups = new Set(fw.groups.map((g) => g.id));
    (fw.coverage_target ?? []).forEach((g, i) => {
      if (!groups.has(g)) ctx.addIssue({ code: 'custom', path: ['coverage_target', i], message: `group ${g} is not in groups` });
    });
    const seen = new Set<string>();
    fw.controls.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['controls', i, 'id'], message: `control ${c.id} is listed twice` });
      seen.add(c.id);
      if (!groups.has(c.group)) {
        ctx.addIssue({ code: 'custom', path: ['controls', i, 'group'], message: `group ${c.group} is not in groups` });
      }
    });
  });

export type Framework = z.infer<typeof FrameworkSchema>;
export type FrameworkControl = Framework['controls'][number];

/** Loaded catalogs by framework id, each with a control index for membership tests. */
export interface LoadedFramework extends Framework {
  readonly controlIds: ReadonlySet<string>;
}
export type FrameworkCatalogs = ReadonlyMap<string, LoadedFramework>;

/** Validate one parsed catalog file; returns problems (naming the file and field) instead of throwing. */
export function parseFramework(file: string, raw: unknown): { framework?: LoadedFramework; problems: string[] } {
  const parsed = FrameworkSchema.safeParse(raw);
  if (!parsed.success) return { problems: describeIssues(file, parsed.error) };
  const expectedId = basename(file, '.json');
  if (parsed.data.id !== expectedId) {
    return { problems: [`${file}: id: "${parsed.data.id}" does not match the file name (expected "${expectedId}")`] };
  }
  return { framework: { ...parsed.data, controlIds: new Set(parsed.data.controls.map((c) => c.id)) }, problems: [] };
}

/**
 * Load every config/frameworks/*.json. Throws one CatalogError listing every problem in every file.
 * @param configDir the project's config/ directory (default: found from this module's location)
 */
/** Each catalog file's framework and problems, parsed again only when its text changes (parsed-files.ts). */
const parsedFrameworks = new ParsedFiles<ReturnType<typeof parseFramework>>((text, display) => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { problems: [`${display}: not valid JSON: ${(err as Error).message}`] };
  }
  return parseFramework(display, raw);
});

export function loadFrameworks(configDir: string = findConfigDir()): FrameworkCatalogs {
  const dir = join(configDir, 'frameworks');
  const display = (file: string) => relative(dirname(configDir), join(dir, file));
  const problems: string[] = [];
  const out = new Map<string, LoadedFramework>();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (files.length === 0) problems.push(`${display('')}: no *.json framework catalogs`);
  for (const file of files) {
    const result = parsedFrameworks.get(join(dir, file), display(file));
    problems.push(...result.problems);
    if (result.framework) out.set(result.framework.id, result.framework);
  }
  if (problems.length > 0) throw new CatalogError(problems);
  return out;
}
