import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { BASE_CONFIG, BASE_MANIFEST, OUTPUT_FILE, VALUES_FILE, fleetManifest, parseValues } from '../../deploy/kubernetes/fleet/generate.js';
import { dockerfileFacts } from './dockerfile.js';

/**
 * deploy/kubernetes/fleet/: one agent per partition, generated from values.yaml. The committed fleet.yaml
 * is parsed with `yaml` and checked object by object: it is what the generator makes from the values
 * (never edited by hand), every partition has its own Deployment (1 replica, Recreate, non-root image
 * user, read-only root filesystem), PVC and ConfigMap with unique names and selectors that cannot
 * overlap, and each ConfigMap is a valid controlwatch configuration owning exactly its partition's scope.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
type Obj = Record<string, any>;

const valuesText = readFileSync(VALUES_FILE, 'utf8');
const values = parseValues(valuesText);
const committed = readFileSync(OUTPUT_FILE, 'utf8');
const docs = parseAllDocuments(committed).map((d) => {
  expect(d.errors).toEqual([]);
  return d.toJS() as Obj;
});
const docker = dockerfileFacts(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const uid = Number(docker.user?.split(':')[0]);
const ofKind = (kind: string) => docs.filter((d) => d.kind === kind);
const named = (kind: string, name: string) => ofKind(kind).find((d) => d.metadata.name === name);
const ENV = { CONTROLWATCH_SERVER_TOKEN: 'x'.repeat(32), GITHUB_TOKEN: 'ghp_test' };

describe('deploy/kubernetes/fleet', () => {
  it('fleet.yaml is exactly what generate.ts makes from values.yaml (regenerate after editing the values)', () => {
    expect(committed).toBe(fleetManifest(valuesText, readFileSync(BASE_MANIFEST, 'utf8'), readFileSync(BASE_CONFIG, 'utf8')));
    expect(values.partitions.length).toBeGreaterThanOrEqual(3);
    expect(values.partitions.some((p) => p.memory !== undefined)).toBe(true);
  });

  it('every partition has its own Deployment, PVC, ConfigMap and Service; names are unique per kind', () => {
    for (const kind of ['Deployment', 'PersistentVolumeClaim', 'ConfigMap', 'Service']) {
      const names = ofKind(kind).map((d) => d.metadata.name as string);
      expect(names, kind).toHaveLength(values.partitions.length);
      expect(new Set(names).size, kind).toBe(names.length);
    }
    for (const p of values.partitions) {
      expect(named('Deployment', `controlwatch-${p.name}`), p.name).toBeDefined();
      expect(named('PersistentVolumeClaim', `controlwatch-${p.name}-data`), p.name).toBeDefined();
      expect(named('ConfigMap', `controlwatch-${p.name}-config`), p.name).toBeDefined();
    }
    expect(ofKind('ServiceAccount')).toHaveLength(1);
    expect(docs).toHaveLength(1 + 4 * values.partitions.length);
  });

  it('each Deployment runs one replica with Recreate, selects only its own partition, and mounts its own PVC and ConfigMap', () => {
    const selectors = new Set<string>();
    for (const p of values.partitions) {
      const dep = named('Deployment', `controlwatch-${p.name}`)!;
      expect(dep.spec.replicas).toBe(1);
      expect(dep.spec.strategy).toEqual({ type: 'Recreate' });
      expect(dep.spec.selector.matchLabels).toEqual(dep.spec.template.metadata.labels);
      expect(dep.spec.selector.matchLabels['app.kubernetes.io/instance']).toBe(p.name);
      selectors.add(JSON.stringify(dep.spec.selector.matchLabels));
      const svc = named('Service', `controlwatch-${p.name}`)!;
      expect(svc.spec.selector).toEqual(dep.spec.selector.matchLabels);
      const pod = dep.spec.template.spec as Obj;
      const volumes = pod.volumes as Obj[];
      const claim = volumes.find((v) => v.persistentVolumeClaim)!.persistentVolumeClaim.claimName;
      expect(claim).toBe(`controlwatch-${p.name}-data`);
      expect(named('PersistentVolumeClaim', claim)!.spec.resources.requests.storage).toBe(p.storage ?? values.storage);
      expect(named('PersistentVolumeClaim', claim)!.spec.accessModes).toEqual(['ReadWriteOnce']);
      expect(volumes.find((v) => v.configMap)!.configMap.name).toBe(`controlwatch-${p.name}-config`);
      const mounts = Object.fromEntries((pod.containers[0].volumeMounts as Obj[]).map((m) => [m.mountPath, m.name]));
      expect(volumes.find((v) => v.name === mounts[docker.volumes[0]!])!.persistentVolumeClaim.claimName).toBe(claim);
      expect(pod.serviceAccountName).toBe(ofKind('ServiceAccount')[0]!.metadata.name);
      // The example's memory limit unless the partition sets its own; requests stay the example's.
      const base = parseAllDocuments(readFileSync(BASE_MANIFEST, 'utf8')).map((d) => d.toJS() as Obj).find((d) => d.kind === 'Deployment')!;
      const baseResources = base.spec.template.spec.containers[0].resources;
      expect(pod.containers[0].resources).toEqual({ ...baseResources, limits: { ...baseResources.limits, memory: p.memory ?? baseResources.limits.memory } });
    }
    // No two Deployments (or Services) can select each other's pods.
    expect(selectors.size).toBe(values.partitions.length);
  });

  it('runs every agent non-root as the image user, with a read-only root filesystem and no privileges, on the values image', () => {
    expect(uid).toBe(10001);
    for (const dep of ofKind('Deployment')) {
      const pod = dep.spec.template.spec as Obj;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid });
      for (const c of pod.containers as Obj[]) {
        expect(c.image).toBe(values.image);
        expect(c.args).toEqual(['--config', '/etc/controlwatch/controlwatch.yaml', ...docker.cmd]);
        expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      }
    }
  });

  it('each ConfigMap is a valid configuration owning exactly its partition\'s accounts and organisations, on its schedule', () => {
    const base = parseConfig(readFileSync(BASE_CONFIG, 'utf8'), BASE_CONFIG, ENV);
    const owners = new Map<string, string>();
    for (const p of values.partitions) {
      const text = named('ConfigMap', `controlwatch-${p.name}-config`)!.data['controlwatch.yaml'] as string;
      const config = parseConfig(text, `ConfigMap ${p.name}`, ENV);
      expect(config.store.path).toBe(base.store.path);
      expect(config.server).toEqual(base.server);
      expect(config.schedule.cron).toBe(p.cron ?? values.schedule.cron);
      expect(config.aws?.accounts.map((a) => [a.id, a.regions])).toEqual(p.aws?.accounts.map((a) => [a.id, a.regions]));
      expect(config.github?.organizations.map((o) => o.name)).toEqual(p.github?.organizations);
      if (config.github) expect(config.github.auth).toEqual(base.github!.auth);
      // Secrets stay ${VAR} references in the ConfigMap.
      expect(text).toContain('${CONTROLWATCH_SERVER_TOKEN}');
      for (const scope of [...(config.aws?.accounts.map((a) => `aws:${a.id}`) ?? []), ...(config.github?.organizations.map((o) => `github:${o.name}`) ?? [])]) {
        expect(owners.get(scope), `${scope} is in two partitions`).toBeUndefined();
        owners.set(scope, p.name);
      }
    }
    expect(owners.size).toBeGreaterThanOrEqual(values.partitions.length);
  });

  it('the values are validated: an account in two partitions, a bad name or an empty partition is refused by path', () => {
    const doc = parse(valuesText) as Obj;
    const withPartitions = (partitions: Obj[]) => JSON.stringify({ ...doc, partitions });
    const first = doc.partitions[0] as Obj;
    expect(() => parseValues(withPartitions([first, { ...first, name: 'copy' }]))).toThrow(/partitions\.1: AWS account 111111111111 is already in partition aws-prod/);
    expect(() => parseValues(withPartitions([{ ...first, name: 'Prod_EU' }]))).toThrow(/partitions\.0\.name: expected a DNS label/);
    expect(() => parseValues(withPartitions([{ name: 'nothing' }]))).toThrow(/a partition owns some scope/);
    expect(() => parseValues(withPartitions([{ ...first, github: { organizations: ['acme'] } }, { name: 'gh', github: { organizations: ['ACME'] } }]))).toThrow(/GitHub organisation acme is already in partition aws-prod/);
  });
});
