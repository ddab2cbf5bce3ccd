import {
  paginateGetAccountAuthorizationDetails,
  type GroupDetail,
  type IAMClient,
  type ManagedPolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import { call } from '../../src/sdk/aws-call.js';

/**
 * GetAccountAuthorizationDetails, all pages: every user, group, role and customer-managed policy with
 * their attached and inline policies, in one paginated call family (the cheapest way to read IAM whole).
 * AWS-managed policies are left out (Filter): they are AWS's, and principals reference them by ARN.
 */

export const OPERATION = 'iam:GetAccountAuthorizationDetails';

/** The largest MaxItems IAM accepts on its List/Get pagination. */
export const IAM_MAX_ITEMS = 1000;

export interface AuthorizationDetails {
  readonly users: UserDetail[];
  readonly groups: GroupDetail[];
  readonly roles: RoleDetail[];
  readonly policies: ManagedPolicyDetail[];
}

export async function getAuthorizationDetails(client: IAMClient): Promise<AuthorizationDetails> {
  return call(OPERATION, async () => {
    const details: AuthorizationDetails = { users: [], groups: [], roles: [], policies: [] };
    // pageSize 1000 is IAM's MaxItems maximum; the default (100) would cost ten times the calls in a big account.
    const pages = paginateGetAccountAuthorizationDetails({ client, pageSize: IAM_MAX_ITEMS }, { Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'] });
    for await (const page of pages) {
      details.users.push(...(page.UserDetailList ?? []));
      details.groups.push(...(page.GroupDetailList ?? []));
      details.roles.push(...(page.RoleDetailList ?? []));
      details.policies.push(...(page.Policies ?? []));
    }
    return details;
  });
}
