import { z } from 'zod';
import { maybe } from '../../src/model/unknown.js';

/**
 * What the AWS IAM collector emits. Every attribute a failed call would have filled is `Maybe<…>`:
 * an Unknown with the reason, never an empty list or `false`.
 * Timestamps are ISO-8601 strings as AWS reports them; `null` means "never / not applicable"
 * (the credential report's `N/A` / `no_information`).
 */

const Timestamp = z.string().min(1);

/** IAM policy document, URL-decoded and parsed. Shapes vary (Statement object or array), so kept loose. */
export const PolicyDocument = z.record(z.string(), z.unknown());

export const AccessKeyState = z
  .object({
    slot: z.union([z.literal(1), z.literal(2)]),
    active: z.boolean(),
    lastRotated: Timestamp.nullable(),
    lastUsed: Timestamp.nullable(),
  })
  .strict();

/** One credential-report row (root or user). */
export const CredentialState = z
  .object({
    passwordEnabled: z.boolean(),
    passwordLastUsed: Timestamp.nullable(),
    passwordLastChanged: Timestamp.nullable(),
    mfaActive: z.boolean(),
    accessKeys: z.array(AccessKeyState),
  })
  .strict();

export const PasswordPolicy = z
  .object({
    minimumPasswordLength: z.number().int().nullable(),
    requireSymbols: z.boolean(),
    requireNumbers: z.boolean(),
    requireUppercaseCharacters: z.boolean(),
    requireLowercaseCharacters: z.boolean(),
    allowUsersToChangePassword: z.boolean(),
    expirePasswords: z.boolean(),
    maxPasswordAge: z.number().int().nullable(),
    passwordReusePrevention: z.number().int().nullable(),
    hardExpiry: z.boolean(),
  })
  .strict();

export const PolicyRef = z.object({ name: z.string(), arn: z.string() }).strict();
export const InlinePolicy = z.object({ name: z.string(), document: PolicyDocument }).strict();

/**
 * Administrative access as src/aws-policy/admin-access.ts decides it from every identity policy the principal
 * holds (directly, inline, through its groups) and its permissions boundary; Unknown when it cannot be decided.
 * `via` says how (one line per granting statement), `notes` what was weighed and did not change the answer.
 */
export const AdministrativeAccess = z.object({ administrative: z.boolean(), via: z.array(z.string()), notes: z.array(z.string()) }).strict();

/** `aws.iam.account`, id `arn:aws:iam::<account>:root`. */
export const IamAccount = z
  .object({
    accountId: z.string(),
    /** GetAccountSummary AccountMFAEnabled. */
    rootMfaEnabled: maybe(z.boolean()),
    /** GetAccountSummary AccountAccessKeysPresent. */
    rootAccessKeysPresent: maybe(z.boolean()),
    /** ListVirtualMFADevices: is root's MFA a virtual device? */
    rootMfaIsVirtual: maybe(z.boolean()),
    /** The credential report's `<root_account>` row. */
    rootCredentials: maybe(CredentialState),
    /** GetAccountPasswordPolicy; `null` = no policy set (NoSuchEntity), a real value. */
    passwordPolicy: maybe(PasswordPolicy.nullable()),
    /** ARNs of the roles with the AWS-managed AWSSupportAccess policy attached (GetAccountAuthorizationDetails). */
    supportRoles: maybe(z.array(z.string())),
    /** ARNs of the users, groups and roles with the AWS-managed AWSCloudShellFullAccess policy attached. */
    cloudShellFullAccessHolders: maybe(z.array(z.string())),
  })
  .strict();

/** `aws.iam.user`, id = user ARN. */
export const IamUser = z
  .object({
    name: z.string(),
    arn: z.string(),
    path: z.string(),
    createdAt: Timestamp,
    credentials: maybe(CredentialState),
    groups: maybe(z.array(z.string())),
    attachedManagedPolicies: maybe(z.array(PolicyRef)),
    inlinePolicies: maybe(z.array(InlinePolicy)),
    /** The permissions boundary's policy ARN; null = none. */
    permissionsBoundary: maybe(z.string().nullable()),
    /** Resource tags (from GetAccountAuthorizationDetails, no extra call): what the declared scope's tag rules read. */
    tags: maybe(z.record(z.string(), z.string())),
    administrativeAccess: maybe(AdministrativeAccess),
  })
  .strict();

/** `aws.iam.role`, id = role ARN. */
export const IamRole = z
  .object({
    name: z.string(),
    arn: z.string(),
    path: z.string(),
    createdAt: Timestamp,
    trustPolicy: maybe(PolicyDocument),
    attachedManagedPolicies: maybe(z.array(PolicyRef)),
    inlinePolicies: maybe(z.array(InlinePolicy)),
    lastUsed: maybe(Timestamp.nullable()),
    /** The permissions boundary's policy ARN; null = none. */
    permissionsBoundary: maybe(z.string().nullable()),
    /** Resource tags (from GetAccountAuthorizationDetails, no extra call): what the declared scope's tag rules read. */
    tags: maybe(z.record(z.string(), z.string())),
    administrativeAccess: maybe(AdministrativeAccess),
  })
  .strict();

/**
 * `aws.iam.policy`: every customer-managed policy (id = policy ARN) and every inline policy
 * (id = `<principal ARN>/inline-policy/<name>`), so one check covers both.
 */
export const IamPolicy = z
  .object({
    name: z.string(),
    kind: z.enum(['customer-managed', 'inline']),
    /** For inline policies: the user, group or role ARN that embeds it. */
    embeddedIn: z.string().nullable(),
    /** For customer-managed: ARNs of the users, groups and roles it is attached to (unknown if not listed). */
    attachedTo: maybe(z.array(z.string())),
    /** Default version's document (customer-managed) or the inline document. */
    document: maybe(PolicyDocument),
  })
  .strict();

/** One principal in the privileged population: administrative, or undecided (access Unknown, with the reason). */
export const PrivilegedPrincipal = z
  .object({
    kind: z.enum(['user', 'group', 'role']),
    arn: z.string(),
    name: z.string(),
    /** Groups: the ARNs of their member users (each of whom holds the group's access). Users and roles: null. */
    members: z.array(z.string()).nullable(),
    access: maybe(AdministrativeAccess),
  })
  .strict();

/** The administrators allow-list in force (config `aws.administrators`): names or ARNs. */
export const ApprovedAdministrators = z.object({ users: z.array(z.string()), groups: z.array(z.string()), roles: z.array(z.string()) }).strict();

/**
 * `aws.iam.privileged_principals`, id `arn:aws:iam::<account>:privileged-principals`: every user, group and role
 * of the account with administrative access and how it gets it, plus every principal whose access could not
 * be decided — the population a quarterly access review starts from — with the allow-list in force that day.
 */
export const IamPrivilegedPrincipals = z
  .object({
    accountId: z.string(),
    approved: ApprovedAdministrators,
    principals: maybe(z.array(PrivilegedPrincipal)),
  })
  .strict();

/** `aws.iam.server_certificate`, id = certificate ARN (ListServerCertificates). */
export const IamServerCertificate = z
  .object({
    name: z.string(),
    arn: z.string(),
    path: z.string(),
    /** When the certificate expires (ISO-8601); IAM always reports it. */
    expiration: Timestamp,
    uploadedAt: Timestamp.nullable(),
  })
  .strict();

export const IAM_OBSERVATION_TYPES = {
  'aws.iam.account': IamAccount,
  'aws.iam.user': IamUser,
  'aws.iam.role': IamRole,
  'aws.iam.policy': IamPolicy,
  'aws.iam.privileged_principals': IamPrivilegedPrincipals,
  'aws.iam.server_certificate': IamServerCertificate,
} as const;

export type IamAccountAttributes = z.infer<typeof IamAccount>;
export type IamUserAttributes = z.infer<typeof IamUser>;
export type IamRoleAttributes = z.infer<typeof IamRole>;
export type IamPolicyAttributes = z.infer<typeof IamPolicy>;
export type IamPrivilegedPrincipalsAttributes = z.infer<typeof IamPrivilegedPrincipals>;
export type IamServerCertificateAttributes = z.infer<typeof IamServerCertificate>;
export type AdministrativeAccessValue = z.infer<typeof AdministrativeAccess>;
export type PrivilegedPrincipalValue = z.infer<typeof PrivilegedPrincipal>;
export type ApprovedAdministratorsValue = z.infer<typeof ApprovedAdministrators>;
export type CredentialStateValue = z.infer<typeof CredentialState>;
export type PasswordPolicyValue = z.infer<typeof PasswordPolicy>;

// Registers these types with the model, so `defineCheck({ observes: … })` infers attributes from the schemas above.
type Produced = import('../../src/model/observation-types.js').ProducedTypes<typeof IAM_OBSERVATION_TYPES>;
declare module '../../src/model/observation-types.js' {
  interface ObservationTypeMap extends Produced {}
}
