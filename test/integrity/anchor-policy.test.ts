import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}
const load = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { Statement: Statement[] };
const actions = (p: { Statement: Statement[] }) => p.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe('the checkpoint anchor has its own policy; the collection policy stays write-free', () => {
  const anchor = load('config/aws-checkpoint-anchor-policy.json');

  it('grants writing checkpoints only in COMPLIANCE mode, reading and listing them, and nothing that deletes or bypasses a lock', () => {
    expect(actions(anchor).sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:PutObjectRetention']);
    const write = anchor.Statement.find((s) => actions({ Statement: [s] }).includes('s3:PutObject'))!;
    expect(write.Condition).toEqual({ StringEquals: { 's3:object-lock-mode': 'COMPLIANCE' } });
    for (const s of anchor.Statement) {
      expect(s.Effect).toBe('Allow');
      for (const r of [s.Resource].flat()) expect(r).toMatch(/^arn:aws:s3:::CHECKPOINT-BUCKET/);
    }
  });

  it('config/aws-readonly-policy.json grants no S3 write, delete or retention action', () => {
    const readonly = actions(load('config/aws-readonly-policy.json'));
    expect(readonly.filter((a) => /^s3:(Put|Delete|Restore|Replicate|Bypass|Create|Abort)/i.test(a) || a === '*' || a === 's3:*')).toEqual([]);
  });
});
