import { paginateListServerCertificates, type IAMClient, type ServerCertificateMetadata } from '@aws-sdk/client-iam';
import { call } from '../../src/sdk/aws-call.js';

/** ListServerCertificates: the SSL/TLS certificates stored in IAM, with their expiry (CIS: expired ones are removed). */

export const OPERATION = 'iam:ListServerCertificates';

export async function listServerCertificates(client: IAMClient): Promise<ServerCertificateMetadata[]> {
  return call(OPERATION, async () => {
    const certificates: ServerCertificateMetadata[] = [];
    for await (const page of paginateListServerCertificates({ client }, {})) certificates.push(...(page.ServerCertificateMetadataList ?? []));
    return certificates;
  });
}
