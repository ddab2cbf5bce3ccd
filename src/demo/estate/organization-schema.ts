import { z } from 'zod';
import { DateSpec } from './dates.js';

/**
 * The estate's AWS Organization: which account is the management account, and the member list that
 * ListAccounts returns (it may name accounts the estate does not model, e.g. a suspended one).
 * Absent → the accounts are not in an organization (AWSOrganizationsNotInUseException).
 */
export const OrganizationEstate = z
  .object({
    id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'an organization id such as o-a1b2c3d4e5'),
    management_account: z.string().regex(/^\d{12}$/),
    members: z
      .array(
        z
          .object({
            id: z.string().regex(/^\d{12}$/),
            name: z.string().min(1),
            status: z.enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE']).default('ACTIVE'),
            joined: DateSpec,
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type EstateOrganization = z.infer<typeof OrganizationEstate>;
