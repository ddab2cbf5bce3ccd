import { NO_OTHER_OBSERVATIONS } from '../../../src/model/observation-types.js';
import type {
  CredentialStateValue,
  IamAccountAttributes,
  IamPolicyAttributes,
  IamRoleAttributes,
  IamUserAttributes,
  PasswordPolicyValue,
} from '../../../collectors/aws-iam/observations.js';
import type { CheckContext, CheckDefinition, Verdict } from '../../../src/model/check.js';
import type { Observation } from '../../../src/model/observation.js';
import { unknown } from '../../../src/model/unknown.js';

/** The fixed run time every check test uses. */
export const NOW = new Date('2026-04-01T12:00:00.000Z');
export const ACCOUNT = '111122223333';
export const DENIED = unknown('AccessDenied: iam:GetCredentialReport');

/** Run a check the way the engine does: parameters parsed by the check's own schema. */
export function run<A, P>(check: CheckDefinition<A, P>, attributes: A, params: unknown = {}, type = check.observationType): Verdict {
  const obs: Observation<A> = { type, id: 'arn:test', scope: `aws:${ACCOUNT}`, attributes, source: [] };
  const ctx: CheckContext<P> = { now: NOW, params: check.parameters.parse(params), observations: NO_OTHER_OBSERVATIONS };
  return check.evaluate(obs, ctx);
}

export function creds(over: Partial<CredentialStateValue> = {}): CredentialStateValue {
  return { passwordEnabled: false, passwordLastUsed: null, passwordLastChanged: null, mfaActive: false, accessKeys: [], ...over };
}

export function account(over: Partial<IamAccountAttributes> = {}): IamAccountAttributes {
  return {
    accountId: ACCOUNT,
    rootMfaEnabled: true,
    rootAccessKeysPresent: false,
    rootMfaIsVirtual: false,
    rootCredentials: creds({ passwordEnabled: true, mfaActive: true }),
    passwordPolicy: null,
    supportRoles: [`arn:aws:iam::${ACCOUNT}:role/support`],
    cloudShellFullAccessHolders: [],
    ...over,
  };
}

export function strongPolicy(over: Partial<PasswordPolicyValue> = {}): PasswordPolicyValue {
  return {
    minimumPasswordLength: 14,
    requireSymbols: true,
    requireNumbers: true,
    requireUppercaseCharacters: true,
    requireLowercaseCharacters: true,
    allowUsersToChangePassword: true,
    expirePasswords: false,
    maxPasswordAge: null,
    passwordReusePrevention: 24,
    hardExpiry: false,
    ...over,
  };
}

export function user(over: Partial<IamUserAttributes> = {}): IamUserAttributes {
  return {
    name: 'alice',
    arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    path: '/',
    createdAt: '2025-01-01T00:00:00Z',
    credentials: creds(),
    groups: [],
    attachedManagedPolicies: [],
    inlinePolicies: [],
    permissionsBoundary: null,
    tags: {},
    administrativeAccess: { administrative: false, via: [], notes: [] },
    ...over,
  };
}

export function role(trustPolicy: IamRoleAttributes['trustPolicy'], over: Partial<IamRoleAttributes> = {}): IamRoleAttributes {
  return {
    name: 'app',
    arn: `arn:aws:iam::${ACCOUNT}:role/app`,
    path: '/',
    createdAt: '2025-01-01T00:00:00Z',
    trustPolicy,
    attachedManagedPolicies: [],
    inlinePolicies: [],
    lastUsed: null,
    permissionsBoundary: null,
    tags: {},
    administrativeAccess: { administrative: false, via: [], notes: [] },
    ...over,
  };
}

export function policy(document: IamPolicyAttributes['document'], over: Partial<IamPolicyAttributes> = {}): IamPolicyAttributes {
  return {
    name: 'p',
    kind: 'customer-managed',
    embeddedIn: null,
    attachedTo: [`arn:aws:iam::${ACCOUNT}:user/alice`],
    document,
    ...over,
  };
}
