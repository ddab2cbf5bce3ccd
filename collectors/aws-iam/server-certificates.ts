import { paginateListServerCertificates, type IAMClient, type ServerCertificateMetadata } from '@aws-sdk/client-iam';
import { call } from '../../src/sdk/aws-call.js';
import { IAM_MAX_ITEMS } from './authorization-details.js';
import { LIST_SERVER_CERTIFICATES } from './operations.js';

/** ListServerCertificates: the SSL/TLS certificates stored in IAM, with their expiry (CIS: expired ones are removed). */

export const OPERATION = LIST_SERVER_CERTIFICATES;

export async function listServerCertificates(client: IAMClient): Promise<ServerCertificateMetadata[]> {
  return call(OPERATION, async () => {
    const certificates: ServerCertificateMetadata[] = [];
    // IAM's largest page (the default, 100, would cost ten calls where one does).
    for await (const page of paginateListServerCertificates({ client, pageSize: IAM_MAX_ITEMS }, {})) certificates.push(...(page.ServerCertificateMetadataList ?? []));
    return certificates;
  });
}
