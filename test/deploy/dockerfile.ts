/**
 * The few Dockerfile instructions the deploy examples must agree with (shared by manifests.test.ts
 * and fleet.test.ts). Continuation lines are joined; the
 * exec (JSON array) form is read with JSON.parse. Not a Dockerfile parser: the test fails loudly
 * (undefined fields) if the file stops using these simple forms.
 */
export function dockerfileFacts(text: string) {
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l.trim() && !l.trimStart().startsWith('#'))
    .map((l) => {
      const m = /^\s*([A-Z]+)\s+(.*)$/.exec(l);
      return { op: m?.[1] ?? '', args: (m?.[2] ?? '').trim() };
    });
  // The runtime stage: everything after the last FROM.
  const last = instructions.map((i) => i.op).lastIndexOf('FROM');
  const runtime = instructions.slice(last);
  const one = (op: string) => runtime.filter((i) => i.op === op).at(-1)?.args;
  const env = Object.fromEntries(
    runtime.filter((i) => i.op === 'ENV').map((i) => i.args.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  return {
    user: one('USER'),
    expose: Number(one('EXPOSE')),
    volumes: JSON.parse(one('VOLUME') ?? 'null') as string[],
    entrypoint: JSON.parse(one('ENTRYPOINT') ?? 'null') as string[],
    cmd: JSON.parse(one('CMD') ?? 'null') as string[],
    healthcheck: one('HEALTHCHECK') ?? '',
    healthcheckUrl: env['HEALTHCHECK_URL'],
  };
}
