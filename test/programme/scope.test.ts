import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { decideScope } from '../../src/programme/scope.js';

const declared = parseConfig(
  `version: 1
scope:
  aws:
    accounts: ["111111111111"]
    regions: [eu-west-1]
    include: ["arn:aws:s3:::prod-*", "arn:aws:iam::111111111111:*"]
    exclude: ["arn:aws:s3:::prod-scratch-*"]
    tags: { data-class: [restricted, confidential] }
  github:
    organizations: [acme]
    repositories: { include: [web-*, acme/api], exclude: [web-legacy] }
`,
  'scope.yaml',
).scope!;

const bucket = (name: string, attributes: unknown = {}, scope = 'aws:111111111111:eu-west-1') => ({ type: 'aws.s3.bucket', id: `arn:aws:s3:::${name}`, scope, attributes });

describe('declared scope', () => {
  it('includes by pattern within declared accounts and regions', () => {
    expect(decideScope(declared, bucket('prod-data')).inScope).toBe(true);
    expect(decideScope(declared, { type: 'aws.iam.user', id: 'arn:aws:iam::111111111111:user/alice', scope: 'aws:111111111111', attributes: {} }).inScope).toBe(true);
  });

  it('a new bucket nobody declared is drift, with why', () => {
    expect(decideScope(declared, bucket('marketing-site'))).toEqual({ inScope: false, why: 'matches no include pattern and no tag rule' });
  });

  it('a tag rule brings a resource into scope that no pattern names', () => {
    expect(decideScope(declared, bucket('analytics-raw', { tags: { 'data-class': 'restricted' } }))).toEqual({ inScope: true, by: 'tag data-class=restricted' });
    expect(decideScope(declared, bucket('analytics-raw', { tags: { 'data-class': 'public' } })).inScope).toBe(false);
  });

  it('exclusions win over includes and tags; undeclared accounts and regions are out', () => {
    expect(decideScope(declared, bucket('prod-scratch-1', { tags: { 'data-class': 'restricted' } }))).toEqual({ inScope: false, why: 'excluded by pattern arn:aws:s3:::prod-scratch-*' });
    expect(decideScope(declared, bucket('prod-data', {}, 'aws:222222222222:eu-west-1'))).toEqual({ inScope: false, why: 'account 222222222222 is not in the declared scope' });
    expect(decideScope(declared, bucket('prod-data', {}, 'aws:111111111111:us-east-1'))).toEqual({ inScope: false, why: 'region us-east-1 is not in the declared scope' });
  });

  it('GitHub: organisations, repository patterns (name or org/name), archived off by default; PRs follow their repository', () => {
    const repo = (name: string, archived = false) => ({ type: 'github.repo', id: `github:acme/${name}`, scope: 'github:acme', attributes: { archived } });
    expect(decideScope(declared, repo('web-app')).inScope).toBe(true);
    expect(decideScope(declared, repo('api')).inScope).toBe(true);
    expect(decideScope(declared, repo('new-experiment'))).toEqual({ inScope: false, why: 'repository acme/new-experiment matches no include pattern' });
    expect(decideScope(declared, repo('web-legacy')).inScope).toBe(false);
    expect(decideScope(declared, repo('web-old', true)).inScope).toBe(false);
    expect(decideScope(declared, { type: 'github.pull_request', id: 'github:acme/new-experiment#4', scope: 'github:acme' }).inScope).toBe(false);
    expect(decideScope(declared, { type: 'github.org', id: 'github:acme', scope: 'github:acme' }).inScope).toBe(true);
    expect(decideScope(declared, { type: 'github.org', id: 'github:other', scope: 'github:other' }).inScope).toBe(false);
    // Organisation-level records follow the organisation, not a repository pattern.
    expect(decideScope(declared, { type: 'github.change_window', id: 'github:acme#window/github.pull_request', scope: 'github:acme' }).inScope).toBe(true);
  });

  it('no declared scope: everything is in scope', () => {
    expect(decideScope(undefined, bucket('anything')).inScope).toBe(true);
  });
});
