import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { findConfigDir } from './config-dir.js';
import { CatalogError, describeIssues } from './errors.js';
import { ParsedFiles } from './parsed-files.js';

/**
 * Check metadata (config/checks/*.yaml): per check id, the title, severity, observation type, rationale,
 * remediation, framework mappings, parameter defaults and the reference-catalog entry it came from.
 * Data, not code, so auditors and owners can read and review it; the registry matches it 1:1 with check code.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

// YAML reads an unquoted `7.2` as a number; say how to fix it rather than "expected string".
const ControlId = z.string({ error: 'expected a control id string (quote ids such as "7.2" that YAML reads as numbers)' }).min(1);

export const CheckMetadataSchema = z
  .object({
    title: z.string().min(1),
    severity: z.enum(SEVERITIES),
    /** Must equal the check code's `observationType` (the registry verifies it). */
    observation_type: z.string().regex(/^[a-z0-9]+(\.[a-z0-9_]+)+$/, 'expected an observation type such as aws.iam.user'),
    rationale: z.string().min(1),
    remediation: z.string().min(1),
    /** Framework id (config/frameworks/<id>.json) → control ids in that framework. */
    mappings: z
      .record(z.string().min(1), z.array(ControlId))
      .superRefine((m, ctx) => {
        for (const [fw, ids] of Object.entries(m)) {
          const seen = new Set<string>();
          ids.forEach((id, i) => {
            if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [fw, i], message: `control ${id} is listed twice` });
            seen.add(id);
          });
        }
      }),
    /** Parameter defaults; validated against the check's own zod schema by the registry. */
    parameters: z.record(z.string(), z.unknown()).default({}),
    /** The reference-catalog candidate id (../shared/catalog/checks-candidates.json) the mappings came from. */
    source: z.string().min(1),
    /**
     * AWS Config managed rules that test the same condition (e.g. S3_BUCKET_VERSIONING_ENABLED), so a
     * report can show where an organisation's Config rule and this check disagree on a resource.
     */
    aws_config_rules: z.array(z.string().regex(/^[A-Z0-9_]+$/, 'expected a Config managed rule identifier such as S3_BUCKET_VERSIONING_ENABLED')).default([]),
  })
  .strict();

export type CheckMetadataFields = z.infer<typeof CheckMetadataSchema>;

export interface CheckMetadata extends CheckMetadataFields {
  readonly id: string;
  /** Where it was read from, relative to the project (`config/checks/aws-iam.yaml`), for error messages. */
  readonly file: string;
}

const CHECK_ID = /^[a-z0-9]+\.[a-z0-9_]+$/;

/**
 * Validate one parsed metadata file (a map of check id → metadata). Problems name the file, check id and field.
 */
export function parseCheckMetadataFile(file: string, raw: unknown): { checks: CheckMetadata[]; problems: string[] } {
  const problems: string[] = [];
  const checks: CheckMetadata[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { checks, problems: [`${file}: expected a map of check id → metadata`] };
  }
  for (const [id, entry] of Object.entries(raw as Record<string, unknown>)) {
    const where = `${file}: check ${id}`;
    if (!CHECK_ID.test(id)) problems.push(`${where}: id: expected <family>.<name_in_snake_case>, e.g. iam.root_mfa_enabled`);
    const parsed = CheckMetadataSchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(...describeIssues(where, parsed.error));
      continue;
    }
    checks.push({ ...parsed.data, id, file });
  }
  return { checks, problems };
}

/**
 * Load every config/checks/*.yaml. Throws one CatalogError listing every problem in every file,
 * including a check id defined in two files.
 */
export function loadCheckMetadata(configDir: string = findConfigDir()): ReadonlyMap<string, CheckMetadata> {
  const dir = join(configDir, 'checks');
  const display = (file: string) => relative(dirname(configDir), join(dir, file));
  const problems: string[] = [];
  const out = new Map<string, CheckMetadata>();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  for (const file of files) {
    const result = parsedFiles.get(join(dir, file), display(file));
    problems.push(...result.problems);
    for (const check of result.checks) {
      const earlier = out.get(check.id);
      if (earlier) problems.push(`${check.file}: check ${check.id}: already defined in ${earlier.file}`);
      else out.set(check.id, check);
    }
  }
  if (problems.length > 0) throw new CatalogError(problems);
  return out;
}

/** Each file's checks and problems, parsed again only when its text changes (parsed-files.ts). */
const parsedFiles = new ParsedFiles<{ checks: CheckMetadata[]; problems: string[] }>((text, display) => {
  const doc = parseDocument(text, { uniqueKeys: true });
  // The parser's message ends with a source excerpt over several lines; the first line has the position.
  return doc.errors.length > 0 ? { checks: [], problems: doc.errors.map((e) => `${display}: ${e.message.split('\n')[0]}`) } : parseCheckMetadataFile(display, doc.toJS());
});
