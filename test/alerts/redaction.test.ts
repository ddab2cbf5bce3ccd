import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger, runSummaryFields } from '../../src/log.js';
import { REDACTED, redactSecrets, scrubText, secretValues } from '../../src/util/redact.js';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>>; text: () => string } {
  let out = '';
  return {
    stream: new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) }),
    lines: () => out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => out,
  };
}

const config = {
  aws: { endpoints: { iam: 'http://127.0.0.1:4566' }, credentials: { accessKeyId: 'AKIAEXAMPLE0001', secretAccessKey: 'sekret-value-1' } },
  github: { auth: { token: 'ghp_exampletoken' } },
  alerts: { webhooks: [{ url: 'https://hooks.slack.com/services/T000/B000/XXXXSECRET', format: 'slack', events: ['slot_missed'] }] },
};

describe('secrets in configuration', () => {
  it('a webhook URL is a secret; other URLs (endpoints) and webhook fields are not', () => {
    const values = secretValues(config);
    expect(values).toContain('https://hooks.slack.com/services/T000/B000/XXXXSECRET');
    expect(values).toEqual(expect.arrayContaining(['AKIAEXAMPLE0001', 'sekret-value-1', 'ghp_exampletoken']));
    expect(values).not.toContain('http://127.0.0.1:4566');
    expect(values).not.toContain('slack');
    const redacted = redactSecrets(config);
    expect(redacted.alerts.webhooks[0]).toEqual({ url: REDACTED, format: 'slack', events: ['slot_missed'] });
    expect(redacted.aws.endpoints.iam).toBe('http://127.0.0.1:4566');
    expect(scrubText('POST https://hooks.slack.com/services/T000/B000/XXXXSECRET failed', values)).toBe(`POST ${REDACTED} failed`);
  });
});

describe('logs', () => {
  it('tokens, keys, Authorization headers and webhook URLs are redacted from JSON log lines', () => {
    const out = capture();
    const log = createLogger('info', out.stream);
    log.info({ config, headers: { authorization: 'Bearer abc.def.ghi', Authorization: 'token zzz-top' }, req: { headers: { authorization: 'Basic dXNlcjpwYXNz' } } }, 'diagnostic');
    log.info({ webhookUrl: 'https://hooks.example/secret-1' }, 'other');
    const text = out.text();
    for (const secret of ['sekret-value-1', 'AKIAEXAMPLE0001', 'ghp_exampletoken', 'XXXXSECRET', 'abc.def.ghi', 'zzz-top', 'dXNlcjpwYXNz', 'secret-1']) expect(text).not.toContain(secret);
    expect(out.lines()[0]!.msg).toBe('diagnostic');
    expect(text).toContain('http://127.0.0.1:4566');
  });

  it('off a TTY the logs are JSON; pretty output is chosen on a terminal (or when asked) and is still redacted', () => {
    const json = capture();
    createLogger('info', json.stream).info('hello');
    expect(json.lines()[0]).toMatchObject({ level: 'info', msg: 'hello', name: 'controlwatch' });
    const human = capture();
    createLogger('info', human.stream, { pretty: true }).info({ token: 'ttt-secret' }, 'hello');
    expect(human.text()).toMatch(/INFO.*hello/);
    expect(() => JSON.parse(human.text())).toThrow();
    expect(human.text()).not.toContain('ttt-secret');
  });

  it('the run summary line counts results and collections by status, API calls and coverage', () => {
    const fields = runSummaryFields(
      {
        runId: 7,
        results: [{ status: 'pass' }, { status: 'fail' }, { status: 'pass' }],
        collected: [
          { status: 'ok', stats: { calls: 10, throttles: 1 } },
          { status: 'error', stats: { calls: 2, throttles: 0 } },
        ],
        coverage: { status: 'partial' },
      },
      1234,
    );
    expect(fields).toEqual({ runId: 7, durationMs: 1234, results: { pass: 2, fail: 1 }, collections: { ok: 1, error: 1 }, apiCalls: 12, throttles: 1, coverage: 'partial' });
  });
});
