import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { EstateSchema, type Estate } from './schema.js';
import { describePath } from '../../util/format-path.js';

/** An estate file that cannot be used; the message names the file and every bad field's path. */
export class EstateError extends Error {
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
    this.name = 'EstateError';
  }
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${describePath(issue.path)}: ${issue.message}`);
}

/** Parses and validates estate YAML. `source` names the file in error messages. */
export function parseEstate(text: string, source = 'estate'): Estate {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message : String(error);
    throw new EstateError(`${source}: not valid YAML: ${detail}`);
  }
  const parsed = EstateSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = formatIssues(parsed.error);
    throw new EstateError(`${source}: invalid estate:\n  ${issues.join('\n  ')}`, issues);
  }
  return parsed.data;
}

export async function loadEstateFile(path: string): Promise<Estate> {
  return parseEstate(await readFile(path, 'utf8'), path);
}
