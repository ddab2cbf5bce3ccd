import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SealSigner } from '../store/index.js';

/**
 * Ed25519 keys, node:crypto only. A key is named by its fingerprint: SHA-256 (hex) of the public
 * key's SPKI DER, which anyone can recompute offline with
 * `openssl pkey -pubin -in public.pem -outform DER | sha256sum`.
 */

export const PRIVATE_KEY_FILE = 'controlwatch-signing.pem';
export const PUBLIC_KEY_FILE = 'controlwatch-signing.pub.pem';

export function fingerprintOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** Writes a new key pair into `dir`: the private key 0600 (never overwritten), the public key 0644. */
export function generateKeyFiles(dir: string): { privateKeyPath: string; publicKeyPath: string; fingerprint: string } {
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privateKeyPath = join(dir, PRIVATE_KEY_FILE);
  const publicKeyPath = join(dir, PUBLIC_KEY_FILE);
  // 'wx': an existing key is never replaced (that would orphan every signature made with it).
  for (const [path, pem, mode] of [
    [privateKeyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), 0o600],
    [publicKeyPath, publicKey.export({ type: 'spki', format: 'pem' }), 0o644],
  ] as const) {
    try {
      writeFileSync(path, pem, { mode, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${path} already exists; a key is never overwritten (its signatures would no longer verify)`);
      throw err;
    }
  }
  return { privateKeyPath, publicKeyPath, fingerprint: fingerprintOf(publicKey) };
}

/**
 * The signer for a private key file. Like ssh, a key readable by group or others is refused: a key
 * anyone on the host can read proves nothing about who signed.
 */
export function loadSigner(path: string): SealSigner & { publicKey: KeyObject } {
  const mode = statSync(path).mode & 0o077;
  if (mode !== 0) throw new Error(`signing key ${path} is readable by group or others (mode ${(mode | 0o600).toString(8)}); chmod 600 it`);
  const privateKey = createPrivateKey(readFileSync(path));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`signing key ${path} is ${privateKey.asymmetricKeyType}, not Ed25519`);
  const publicKey = createPublicKey(privateKey);
  return { fingerprint: fingerprintOf(publicKey), publicKey, sign: (bytes) => sign(null, bytes, privateKey) };
}

/** A public key (PEM, SPKI) by fingerprint, for verifying. */
export function loadPublicKey(pem: string | Buffer): { fingerprint: string; key: KeyObject } {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`public key is ${key.asymmetricKeyType}, not Ed25519`);
  return { fingerprint: fingerprintOf(key), key };
}

export function publicKeyPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

export function verifySignature(key: KeyObject, bytes: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, bytes, key, signature);
  } catch {
    return false;
  }
}

/** Trusted public keys by fingerprint. */
export type TrustedKeys = ReadonlyMap<string, KeyObject>;
