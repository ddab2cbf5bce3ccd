import { createHash } from 'node:crypto';

/**
 * Temporary credentials issued by the fake STS. Every fake service resolves the caller's account from
 * the SigV4 access key id: long-term keys come from the estate, session keys (ASIA…) from here, so a
 * client using an assumed role lands in the role's account — as with real AWS.
 */
export interface FakeSession {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly accountId: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>` */
  readonly principalArn: string;
  readonly expiration: Date;
}

export class SessionRegistry {
  private readonly byKey = new Map<string, FakeSession>();
  private issued = 0;

  issue(accountId: string, roleName: string, sessionName: string, expiration: Date): FakeSession {
    this.issued += 1;
    // Deterministic per issue, shaped like real ids (ASIA + 16 upper-case alphanumerics).
    const digest = createHash('sha256').update(`${accountId}/${roleName}/${sessionName}/${this.issued}`).digest('hex').toUpperCase();
    const session: FakeSession = {
      accessKeyId: `ASIA${digest.slice(0, 16)}`,
      secretAccessKey: `fake-session-secret-${digest.slice(16, 48)}`,
      sessionToken: `FakeSessionToken/${digest}`,
      accountId,
      principalArn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      expiration,
    };
    this.byKey.set(session.accessKeyId, session);
    return session;
  }

  resolve(accessKeyId: string): FakeSession | undefined {
    return this.byKey.get(accessKeyId);
  }

  /** Every session issued so far (tests scan for the issued secrets: they must never reach evidence or logs). */
  all(): readonly FakeSession[] {
    return [...this.byKey.values()];
  }

  get count(): number {
    return this.issued;
  }
}
