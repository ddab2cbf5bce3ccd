import type { EstateAwsAccount } from '../estate/schema.js';
import type { EstateOrganization } from '../estate/organization-schema.js';
import { resolveDate } from '../estate/dates.js';
import { epochSeconds, jsonError, jsonSuccess, type JsonObject } from './aws-json.js';
import type { FakeReply } from './aws-query.js';

export const ORGANIZATIONS_TARGET_PREFIX = 'AWSOrganizationsV20161128';

/**
 * The fake AWS Organizations (JSON 1.1): DescribeOrganization and ListAccounts (paginated with
 * MaxResults/NextToken), answered only to the management account as AWS does; member accounts get
 * AccessDeniedException, accounts outside any organization AWSOrganizationsNotInUseException.
 */
export class OrganizationsFake {
  constructor(
    private readonly organization: EstateOrganization | undefined,
    private readonly now: () => Date,
    private readonly pageSize = 20,
  ) {}

  handle(operation: string, caller: EstateAwsAccount, input: JsonObject): FakeReply {
    const org = this.organization;
    if (org === undefined) {
      return jsonError(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    }
    const member = org.members.some((m) => m.id === caller.id) || caller.id === org.management_account;
    if (!member) return jsonError(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    switch (operation) {
      case 'DescribeOrganization':
        return jsonSuccess({
          Organization: {
            Id: org.id,
            Arn: `arn:aws:organizations::${org.management_account}:organization/${org.id}`,
            FeatureSet: 'ALL',
            MasterAccountId: org.management_account,
            MasterAccountArn: `arn:aws:organizations::${org.management_account}:account/${org.id}/${org.management_account}`,
          },
        });
      case 'ListAccounts':
        if (caller.id !== org.management_account) {
          return jsonError(400, 'AccessDeniedException', "You don't have permissions to access this resource.");
        }
        return this.listAccounts(org, input);
      default:
        return jsonError(400, 'UnknownOperationException', `unknown operation ${operation}`);
    }
  }

  private listAccounts(org: EstateOrganization, input: JsonObject): FakeReply {
    const max = typeof input['MaxResults'] === 'number' ? Math.min(input['MaxResults'], this.pageSize) : this.pageSize;
    const start = typeof input['NextToken'] === 'string' ? Number(Buffer.from(input['NextToken'], 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(start) || start < 0 || start > org.members.length) {
      return jsonError(400, 'InvalidInputException', 'The provided NextToken is not valid.');
    }
    const page = org.members.slice(start, start + max);
    const next = start + page.length;
    return jsonSuccess({
      Accounts: page.map((m) => ({
        Id: m.id,
        Arn: `arn:aws:organizations::${org.management_account}:account/${org.id}/${m.id}`,
        Email: `aws+${m.id}@example.com`,
        Name: m.name,
        Status: m.status,
        State: m.status,
        JoinedMethod: m.id === org.management_account ? 'CREATED' : 'INVITED',
        JoinedTimestamp: epochSeconds(resolveDate(m.joined, this.now())),
      })),
      ...(next < org.members.length ? { NextToken: Buffer.from(String(next), 'utf8').toString('base64url') } : {}),
    });
  }
}
