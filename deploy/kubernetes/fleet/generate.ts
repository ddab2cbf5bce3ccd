/**
 * Generates deploy/kubernetes/fleet/fleet.yaml from values.yaml: one controlwatch agent per partition.
 *
 *   node --import tsx deploy/kubernetes/fleet/generate.ts
 *
 * One agent owns one evidence database and one chain (docs/scaling.md), so a fleet is N independent
 * copies of the single-agent example (deploy/kubernetes/controlwatch.yaml): its Deployment, PVC,
 * ConfigMap and Service are cloned per partition, renamed, given the partition's label in their
 * selectors (no two Deployments or Services can select each other's pods) and the partition's own
 * configuration; the ServiceAccount (IRSA role) is shared. Cloning the example, instead of restating
 * it, keeps the fleet's security settings (non-root uid, read-only root filesystem, Recreate) the
 * ones test/deploy/manifests.test.ts already checks against the Dockerfile.
 *
 * Why a script and not Helm or kustomize: the project ships no chart, and the transformation is small
 * enough to read in one file; `yaml` (the maintained YAML library the project already uses) parses
 * and writes every document. test/deploy/fleet.test.ts regenerates and compares, so fleet.yaml never
 * drifts from values.yaml.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { z } from 'zod';

const HERE = new URL('./', import.meta.url);
export const VALUES_FILE = fileURLToPath(new URL('values.yaml', HERE));
export const OUTPUT_FILE = fileURLToPath(new URL('fleet.yaml', HERE));
export const BASE_MANIFEST = fileURLToPath(new URL('../controlwatch.yaml', HERE));
export const BASE_CONFIG = fileURLToPath(new URL('../../controlwatch.yaml', HERE));

const Quantity = z.string().regex(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti)$/, 'expected a Kubernetes quantity such as 5Gi');
const Cron = z.string().regex(/^\S+( \S+){4,5}$/, 'expected a cron expression of 5 or 6 fields');
const Partition = z
  .object({
    // A DNS label: it becomes part of every object's name (controlwatch-<name>, at most 63 characters).
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/, 'expected a DNS label of at most 42 characters (a-z, 0-9, -)'),
    storage: Quantity.optional(),
    /** The container's memory limit when the example's does not fit the partition (docs/scaling.md: peak RSS grows with the estate). */
    memory: Quantity.optional(),
    cron: Cron.optional(),
    aws: z
      .object({
        accounts: z
          .array(z.object({ id: z.string().regex(/^\d{12}$/, 'expected a quoted 12-digit AWS account id'), name: z.string().min(1), regions: z.array(z.string().min(1)).min(1) }).strict())
          .min(1),
      })
      .strict()
      .optional(),
    github: z.object({ organizations: z.array(z.string().min(1)).min(1) }).strict().optional(),
  })
  .strict()
  .refine((p) => p.aws !== undefined || p.github !== undefined, 'a partition owns some scope: aws.accounts and/or github.organizations');

export const FleetValues = z
  .object({
    image: z.string().min(1),
    storage: Quantity,
    schedule: z.object({ cron: Cron, timezone: z.string().min(1) }).strict(),
    partitions: z.array(Partition).min(1),
  })
  .strict()
  .superRefine((v, ctx) => {
    // One scope, one agent, one chain: a name, an account or an organisation in two partitions is refused.
    const owner = new Map<string, string>();
    v.partitions.forEach((p, i) => {
      const claims = [`partition ${p.name}`, ...(p.aws?.accounts.map((a) => `AWS account ${a.id}`) ?? []), ...(p.github?.organizations.map((o) => `GitHub organisation ${o.toLowerCase()}`) ?? [])];
      for (const claim of claims) {
        const first = owner.get(claim);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['partitions', i], message: `${claim} is already in partition ${first}` });
        else owner.set(claim, p.name);
      }
    });
  });
export type FleetValues = z.infer<typeof FleetValues>;

type Doc = Record<string, any>;
const clone = <T>(value: T): T => structuredClone(value);
const INSTANCE = 'app.kubernetes.io/instance';

/** Parses and validates the values file; the error names the path of each problem. */
export function parseValues(text: string, where = 'values.yaml'): FleetValues {
  const result = FleetValues.safeParse(parse(text));
  if (!result.success) throw new Error(`${where}: ${result.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  return result.data;
}

/** The partition's configuration: the single-agent configuration with the partition's scope and schedule. */
export function partitionConfig(values: FleetValues, partition: FleetValues['partitions'][number], baseConfigText: string): Doc {
  const { aws: baseAws, github: baseGithub, ...rest } = parse(baseConfigText) as Doc;
  const config: Doc = { ...rest, schedule: { ...rest.schedule, cron: partition.cron ?? values.schedule.cron, timezone: values.schedule.timezone } };
  if (partition.aws) config.aws = { ...baseAws, accounts: partition.aws.accounts };
  if (partition.github) config.github = { ...baseGithub, organizations: partition.github.organizations.map((name) => ({ name })) };
  return config;
}

/** Every document of the fleet, in apply order: the shared ServiceAccount, then per partition ConfigMap, PVC, Deployment, Service. */
export function fleetDocuments(values: FleetValues, baseManifestText: string, baseConfigText: string): Doc[] {
  const base = parseAllDocuments(baseManifestText).map((d) => {
    if (d.errors.length > 0) throw new Error(`${BASE_MANIFEST}: ${d.errors[0]!.message}`);
    return d.toJS() as Doc;
  });
  const one = (kind: string) => {
    const found = base.filter((d) => d.kind === kind);
    if (found.length !== 1) throw new Error(`${BASE_MANIFEST} must hold exactly one ${kind} to clone, found ${found.length}`);
    return found[0]!;
  };
  const [serviceAccount, configMap, pvc, deployment, service] = ['ServiceAccount', 'ConfigMap', 'PersistentVolumeClaim', 'Deployment', 'Service'].map(one) as [Doc, Doc, Doc, Doc, Doc];
  const baseName = deployment.metadata.name as string;
  const out: Doc[] = [clone(serviceAccount)];
  for (const p of values.partitions) {
    const name = `${baseName}-${p.name}`;
    const labels = { ...deployment.metadata.labels, [INSTANCE]: p.name };
    const rename = (doc: Doc, objectName: string): Doc => ({ ...clone(doc), metadata: { ...clone(doc.metadata), name: objectName, labels } });

    const cm = rename(configMap, `${name}-config`);
    const [configKey] = Object.keys(configMap.data);
    cm.data = { [configKey!]: stringify(partitionConfig(values, p, baseConfigText), { lineWidth: 0 }) };

    const claim = rename(pvc, `${name}-data`);
    claim.spec.resources.requests.storage = p.storage ?? values.storage;

    const dep = rename(deployment, name);
    dep.spec.selector = { matchLabels: labels };
    dep.spec.template.metadata = { ...dep.spec.template.metadata, labels };
    const pod = dep.spec.template.spec as Doc;
    for (const c of pod.containers as Doc[]) {
      c.image = values.image;
      if (p.memory) c.resources = { ...c.resources, limits: { ...c.resources?.limits, memory: p.memory } };
    }
    for (const v of pod.volumes as Doc[]) {
      if (v.persistentVolumeClaim) v.persistentVolumeClaim.claimName = claim.metadata.name;
      if (v.configMap) v.configMap.name = cm.metadata.name;
    }

    const svc = rename(service, name);
    svc.spec.selector = labels;
    out.push(cm, claim, dep, svc);
  }
  return out;
}

const HEADER = `# GENERATED by deploy/kubernetes/fleet/generate.ts from values.yaml — do not edit; edit values.yaml and rerun:
#   node --import tsx deploy/kubernetes/fleet/generate.ts
# One controlwatch agent per partition (docs/scaling.md): a ConfigMap, a PersistentVolumeClaim, a Deployment
# (1 replica, Recreate) and a Service each, and the shared ServiceAccount of deploy/kubernetes/controlwatch.yaml.
`;

/** The whole fleet.yaml text. */
export function fleetManifest(valuesText: string, baseManifestText: string, baseConfigText: string): string {
  const docs = fleetDocuments(parseValues(valuesText, VALUES_FILE), baseManifestText, baseConfigText);
  return HEADER + docs.map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = fleetManifest(readFileSync(VALUES_FILE, 'utf8'), readFileSync(BASE_MANIFEST, 'utf8'), readFileSync(BASE_CONFIG, 'utf8'));
  writeFileSync(OUTPUT_FILE, text);
  process.stdout.write(`wrote ${OUTPUT_FILE}\n`);
}
