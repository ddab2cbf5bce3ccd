import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { parseConfig } from '../../src/config/load.js';
import { durationMs } from '../../src/config/daemon-schema.js';
import { parseListen } from '../../src/server/listen-address.js';
import { dockerfileFacts } from './dockerfile.js';

/**
 * The deploy examples (deploy/compose.yaml, deploy/kubernetes/controlwatch.yaml, deploy/controlwatch.yaml)
 * parsed with `yaml` and checked for what issue 10 asks of them, and against the Dockerfile they run:
 * the same user, port, data path, health endpoint and command. A drift between them fails here.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

// Parsed YAML: the tests walk it by the keys the formats define.
type Obj = Record<string, any>;
const docker = dockerfileFacts(read('Dockerfile'));
const compose = parse(read('deploy/compose.yaml')) as Obj;
const k8s = parseAllDocuments(read('deploy/kubernetes/controlwatch.yaml')).map((d) => {
  expect(d.errors).toEqual([]);
  return d.toJS() as Obj;
});
const byKind = (kind: string) => k8s.filter((d) => d.kind === kind);
const deployment = byKind('Deployment')[0]!;
const pod = deployment.spec.template.spec as Obj;
const container = pod.containers[0] as Obj;

// Values the config references; the test only needs them present (they are never literals in the files).
const ENV = { CONTROLWATCH_SERVER_TOKEN: 'x'.repeat(32), GITHUB_TOKEN: 'ghp_test' };
const configFile = 'deploy/controlwatch.yaml';
const config = parseConfig(read(configFile), configFile, ENV);
const uid = Number(docker.user?.split(':')[0]);
const healthUrl = new URL(docker.healthcheckUrl ?? '');
const CONFIG_MOUNT = '/etc/controlwatch/controlwatch.yaml';

describe('the Dockerfile the examples run', () => {
  it('declares a numeric non-root user, /data, port 8080, tini, `daemon` and a /healthz HEALTHCHECK', () => {
    expect(docker.user).toBe('10001:10001');
    expect(uid).toBeGreaterThan(0);
    expect(docker.volumes).toEqual(['/data']);
    expect(docker.expose).toBe(8080);
    expect(docker.entrypoint).toEqual(['tini', '--', 'controlwatch']);
    expect(docker.cmd).toEqual(['daemon']);
    expect(docker.healthcheck).toContain('HEALTHCHECK_URL');
    expect(healthUrl.pathname).toBe('/healthz');
    expect(Number(healthUrl.port)).toBe(docker.expose);
  });
});

describe('deploy/controlwatch.yaml (the configuration both examples mount)', () => {
  it('is a valid configuration whose server listens on all interfaces at the image port, with a token', () => {
    const listen = parseListen(config.server.listen);
    expect(listen).toEqual({ host: '0.0.0.0', port: docker.expose });
    expect(config.server.token).toBe(ENV.CONTROLWATCH_SERVER_TOKEN);
    expect(config.server.allowUnauthenticated).toBe(false);
  });

  it('keeps the evidence in the /data volume and takes AWS credentials from the default chain', () => {
    expect(dirname(config.store.path)).toBe(docker.volumes[0]);
    for (const account of config.aws?.accounts ?? []) expect(account.credentials).toBeUndefined();
    // Secrets only as ${VAR} references.
    expect(read(configFile)).toMatch(/token: \$\{CONTROLWATCH_SERVER_TOKEN\}/);
    expect(read(configFile)).toMatch(/token: \$\{GITHUB_TOKEN\}/);
  });
});

describe('deploy/compose.yaml', () => {
  const services = Object.entries(compose.services as Obj);
  const [, svc] = services[0]!;

  it('has one service, built from the repository Dockerfile, running the daemon with the mounted config', () => {
    expect(services).toHaveLength(1);
    expect(svc.build.context).toBe('..');
    expect(existsSync(join(ROOT, 'deploy', svc.build.context, 'Dockerfile'))).toBe(true);
    expect(svc.command).toEqual(['--config', CONFIG_MOUNT, ...docker.cmd]);
    expect(svc.volumes).toContain(`./${basename(configFile)}:${CONFIG_MOUNT}:ro`);
    expect(existsSync(join(ROOT, 'deploy', basename(configFile)))).toBe(true);
  });

  it('is read-only with a tmpfs /tmp, a /data volume, the image user and no added privileges', () => {
    expect(svc.read_only).toBe(true);
    expect(svc.tmpfs).toContain('/tmp');
    const data = (svc.volumes as string[]).find((v) => v.endsWith(`:${docker.volumes[0]}`));
    expect(data).toBeDefined();
    expect(compose.volumes).toHaveProperty(data!.split(':')[0]!);
    expect(svc.user).toBe(docker.user);
    expect(svc.cap_drop).toEqual(['ALL']);
    expect(svc.security_opt).toContain('no-new-privileges:true');
  });

  it('takes the tokens from the environment, never as literals', () => {
    expect(svc.environment.CONTROLWATCH_SERVER_TOKEN).toMatch(/^\$\{CONTROLWATCH_SERVER_TOKEN:\?/);
    expect(svc.environment.GITHUB_TOKEN).toMatch(/^\$\{GITHUB_TOKEN:\?/);
    expect(Object.keys(svc.environment)).not.toContain('AWS_SECRET_ACCESS_KEY');
  });

  it('publishes the image port, checks /healthz there, and waits longer than the shutdown grace', () => {
    expect(svc.ports).toEqual([`127.0.0.1:${docker.expose}:${docker.expose}`]);
    expect(svc.healthcheck.test.join(' ')).toContain(docker.healthcheckUrl);
    expect(durationMs(svc.stop_grace_period)).toBeGreaterThan(durationMs(config.schedule.shutdownGrace));
  });
});

describe('deploy/kubernetes/controlwatch.yaml', () => {
  it('runs exactly one replica with the Recreate strategy (one writer per database)', () => {
    expect(byKind('Deployment')).toHaveLength(1);
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
  });

  it('keeps /data on a PersistentVolumeClaim and /tmp in memory', () => {
    const mounts = Object.fromEntries((container.volumeMounts as Obj[]).map((m) => [m.mountPath, m.name]));
    const volumes = Object.fromEntries((pod.volumes as Obj[]).map((v) => [v.name, v]));
    const claim = volumes[mounts[docker.volumes[0]!]]!.persistentVolumeClaim.claimName;
    const pvc = byKind('PersistentVolumeClaim').find((p) => p.metadata.name === claim);
    expect(pvc?.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(volumes[mounts['/tmp']]!.emptyDir).toBeDefined();
  });

  it('mounts the ConfigMap where --config points, and it holds the same configuration as deploy/controlwatch.yaml', () => {
    expect(container.args).toEqual(['--config', CONFIG_MOUNT, ...docker.cmd]);
    const mount = (container.volumeMounts as Obj[]).find((m) => m.mountPath === dirname(CONFIG_MOUNT))!;
    expect(mount.readOnly).toBe(true);
    const volume = (pod.volumes as Obj[]).find((v) => v.name === mount.name)!;
    const configMap = byKind('ConfigMap').find((c) => c.metadata.name === volume.configMap.name)!;
    const text = configMap.data[basename(CONFIG_MOUNT)] as string;
    expect(parse(text)).toEqual(parse(read(configFile)));
    expect(parseConfig(text, 'ConfigMap', ENV)).toEqual(config);
  });

  it('runs non-root as the image user with a read-only root filesystem and no privileges', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid });
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('uses a ServiceAccount with an IRSA role annotation placeholder', () => {
    const sa = byKind('ServiceAccount').find((s) => s.metadata.name === pod.serviceAccountName)!;
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::\d{12}:role\/.+/);
  });

  it('probes /healthz for liveness and /readyz for readiness on the image port', () => {
    const port = (container.ports as Obj[]).find((p) => p.name === container.livenessProbe.httpGet.port)!;
    expect(port.containerPort).toBe(docker.expose);
    expect(container.livenessProbe.httpGet.path).toBe(healthUrl.pathname);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: port.name });
    const service = byKind('Service')[0]!;
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
    expect(service.spec.ports[0].targetPort).toBe(port.name);
  });

  it('sets resources, passes tokens from a Secret, and waits longer than the shutdown grace', () => {
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits.memory).toEqual(expect.any(String));
    const env = Object.fromEntries((container.env as Obj[]).map((e) => [e.name, e]));
    for (const name of Object.keys(ENV)) expect(env[name]?.valueFrom?.secretKeyRef).toBeDefined();
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(durationMs(config.schedule.shutdownGrace));
  });

  it('runs the same image as the compose file', () => {
    expect(container.image).toBe(compose.services.controlwatch.image);
  });
});
