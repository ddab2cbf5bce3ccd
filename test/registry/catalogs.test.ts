import { readFileSync } from 'node:fs';
import { configPath } from '../../src/util/project-root.js';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsIamChecks } from '../../checks/aws-iam/index.js';
import { loadCheckMetadata, parseCheckMetadataFile } from '../../src/catalog/check-metadata.js';
import { findConfigDir } from '../../src/catalog/config-dir.js';
import { CatalogError } from '../../src/catalog/errors.js';
import { loadFrameworks, parseFramework } from '../../src/catalog/frameworks.js';

function tempConfig(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'controlwatch-catalog-'));
  const dir = join(root, 'config');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(join(dir, 'frameworks'), { recursive: true });
  mkdirSync(join(dir, 'checks'), { recursive: true });
  return dir;
}

function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof CatalogError) return err.problems;
    throw err;
  }
  return [];
}

describe('framework catalogs', () => {
  const frameworks = loadFrameworks();
  it('have the expected control counts', () => {
    expect(frameworks.get('iso27001-2022')?.controls).toHaveLength(93);
    expect(frameworks.get('soc2-2017')?.controls).toHaveLength(61);
    // 63 sections + 250 numbered requirements + 8 appendix sections + 30 appendix requirements
    expect(frameworks.get('pci-dss-4.0')?.controls).toHaveLength(351);
    // CIS AWS Foundations v7.0.0: sections 2 (26), 3 (9), 4 (10), 5 (16), 6 (9).
    expect(frameworks.get('cis-aws-foundations')?.controls).toHaveLength(70);
    expect([...frameworks.keys()].sort()).toEqual(['cis-aws-foundations', 'iso27001-2022', 'pci-dss-4.0', 'soc2-2017']);
  });
  it('keep their provenance', () => {
    for (const fw of frameworks.values()) {
      const origin = fw.id === 'cis-aws-foundations' ? 'prowler-cloud/prowler' : 'intuitem/ciso-assistant-community';
      expect(fw.sources.some((s) => s.name === origin && /^[0-9a-f]{40}$/.test(s.commit ?? '')), fw.id).toBe(true);
    }
  });
  it('name the file and field in errors', () => {
    const raw = { id: 'x', title: 't', version: '1', sources: [{ name: 'n' }], groups: [{ id: 'g', title: 'G' }], controls: [{ id: 'C1', title: 5, group: 'g' }, { id: 'C1', title: 't', group: 'h' }] };
    expect(parseFramework('config/frameworks/x.json', raw).problems).toEqual([
      expect.stringMatching(/^config\/frameworks\/x\.json: controls\[0\]\.title: .*string/),
    ]);
    const dup = { ...raw, controls: [{ id: 'C1', title: 't', group: 'g' }, { id: 'C1', title: 't', group: 'h' }] };
    expect(parseFramework('config/frameworks/x.json', dup).problems).toEqual([
      'config/frameworks/x.json: controls[1].id: control C1 is listed twice',
      'config/frameworks/x.json: controls[1].group: group h is not in groups',
    ]);
    expect(parseFramework('config/frameworks/y.json', { ...dup, controls: [dup.controls[0]] }).problems).toEqual([
      'config/frameworks/y.json: id: "x" does not match the file name (expected "y")',
    ]);
  });
  it('report every broken file in one error', () => {
    const dir = tempConfig({ 'frameworks/a.json': '{ nope', 'frameworks/b.json': '{"id": "b"}' });
    const problems = problemsOf(() => loadFrameworks(dir));
    expect(problems[0]).toMatch(/^config\/frameworks\/a\.json: not valid JSON/);
    expect(problems.filter((p) => p.startsWith('config/frameworks/b.json: ')).length).toBeGreaterThan(1);
  });
});

describe('check metadata', () => {
  it('has one entry per IAM check', () => {
    const metadata = loadCheckMetadata();
    expect([...metadata.keys()].filter((id) => id.startsWith('iam.')).sort()).toEqual(awsIamChecks.map((c) => c.id).sort());
  });

  it('takes every mapping and severity from its reference-catalog candidate, or says it is reasoned', () => {
    // config/reference/checks-candidates.json is ../shared/catalog/checks-candidates.json, shipped with its provenance.
    const catalog = JSON.parse(readFileSync(configPath('reference', 'checks-candidates.json'), 'utf8')) as {
      checks: { id: string; severity: string; iso27001_2022: string[]; soc2: string[]; 'pci-dss-4.0'?: string[] }[];
    };
    const candidates = new Map(catalog.checks.map((c) => [c.id, c]));
    const sorted = (xs: readonly string[] | undefined) => [...(xs ?? [])].sort();
    for (const m of loadCheckMetadata().values()) {
      if (m.source === 'reasoned') continue;
      const c = candidates.get(m.source);
      expect(c, `${m.id}: source ${m.source} is not a catalog candidate`).toBeDefined();
      expect(sorted(m.mappings['iso27001-2022']), `${m.id} iso27001-2022`).toEqual(sorted(c!.iso27001_2022));
      expect(sorted(m.mappings['soc2-2017']), `${m.id} soc2-2017`).toEqual(sorted(c!.soc2));
      expect(sorted(m.mappings['pci-dss-4.0']), `${m.id} pci-dss-4.0`).toEqual(sorted(c!['pci-dss-4.0']));
    }
  });
  it('names the file, check id and field in errors', () => {
    const { problems } = parseCheckMetadataFile('config/checks/x.yaml', {
      'iam.ok_id': { title: 't', severity: 'urgent', observation_type: 'aws.iam.user', rationale: 'r', remediation: 'r', mappings: { 'pci-dss-4.0': [7.2] }, source: 's', extra: 1 },
      'Bad-Id': { title: 't', severity: 'low', observation_type: 'aws.iam.user', rationale: 'r', remediation: 'r', mappings: {}, source: 's' },
    });
    expect(problems).toEqual([
      expect.stringMatching(/^config\/checks\/x\.yaml: check iam\.ok_id: severity: /),
      'config/checks/x.yaml: check iam.ok_id: mappings.pci-dss-4.0[0]: expected a control id string (quote ids such as "7.2" that YAML reads as numbers)',
      expect.stringMatching(/^config\/checks\/x\.yaml: check iam\.ok_id: .*extra/),
      'config/checks/x.yaml: check Bad-Id: id: expected <family>.<name_in_snake_case>, e.g. iam.root_mfa_enabled',
    ]);
  });
  it('reports a check id defined in two files and YAML duplicate keys', () => {
    const entry = 'iam.a:\n  title: t\n  severity: low\n  observation_type: aws.iam.user\n  rationale: r\n  remediation: r\n  mappings: {}\n  source: s\n';
    const dir = tempConfig({ 'checks/one.yaml': entry, 'checks/two.yaml': entry, 'checks/three.yaml': 'k: 1\nk: 2\n' });
    const problems = problemsOf(() => loadCheckMetadata(dir));
    expect(problems).toContainEqual('config/checks/three.yaml: Map keys must be unique at line 2, column 1:');
    expect(problems).toContain('config/checks/two.yaml: check iam.a: already defined in config/checks/one.yaml');
  });
});

describe('check metadata loaded again in one process', () => {
  const entry = (title: string) => `iam.a:\n  title: ${title}\n  severity: low\n  observation_type: aws.iam.user\n  rationale: r\n  remediation: r\n  mappings: {}\n  source: s\n`;
  it('reuses a file whose text is unchanged, frozen so no caller can change what the next load returns', () => {
    const dir = tempConfig({ 'checks/one.yaml': entry('first') });
    const a = loadCheckMetadata(dir).get('iam.a')!;
    const b = loadCheckMetadata(dir).get('iam.a')!;
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(() => {
      (a as { title: string }).title = 'changed';
    }).toThrow(TypeError);
  });
  it('parses a file again as soon as its text changes, and reports a new problem in it', () => {
    const dir = tempConfig({ 'checks/one.yaml': entry('first') });
    expect(loadCheckMetadata(dir).get('iam.a')!.title).toBe('first');
    writeFileSync(join(dir, 'checks/one.yaml'), entry('second'));
    expect(loadCheckMetadata(dir).get('iam.a')!.title).toBe('second');
    writeFileSync(join(dir, 'checks/one.yaml'), entry('second').replace('severity: low', 'severity: dire'));
    expect(problemsOf(() => loadCheckMetadata(dir))).toEqual([expect.stringMatching(/^config\/checks\/one\.yaml: check iam\.a: severity: /)]);
  });
});

describe('framework catalogs loaded again in one process', () => {
  const catalog = (title: string) => JSON.stringify({ id: 'x', title, version: '1', sources: [{ name: 'n' }], groups: [{ id: 'g', title: 'G' }], controls: [{ id: 'C1', title: 't', group: 'g' }] });
  it('reuse a file whose text is unchanged (frozen), and parse it again as soon as it changes', () => {
    const dir = tempConfig({ 'frameworks/x.json': catalog('first') });
    const a = loadFrameworks(dir).get('x')!;
    expect(loadFrameworks(dir).get('x')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    writeFileSync(join(dir, 'frameworks/x.json'), catalog('second'));
    expect(loadFrameworks(dir).get('x')!.title).toBe('second');
    writeFileSync(join(dir, 'frameworks/x.json'), '{ nope');
    expect(problemsOf(() => loadFrameworks(dir))).toEqual([expect.stringMatching(/^config\/frameworks\/x\.json: not valid JSON/)]);
  });
});

describe('findConfigDir', () => {
  it('walks up from a nested location to the directory holding config/frameworks', () => {
    const dir = tempConfig({});
    const nested = join(dir, '..', 'dist', 'src', 'catalog');
    mkdirSync(nested, { recursive: true });
    expect(findConfigDir(join(nested, 'config-dir.js'))).toBe(dir);
  });
  it('finds the project config from the module itself', () => {
    expect(findConfigDir()).toMatch(/[/\\]config$/);
  });
});
