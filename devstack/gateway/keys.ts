/**
 * The dev stack's signing key and API keys. Like a hosted project with asymmetric JWT signing keys,
 * access tokens are ES256 with a `kid`, so `auth.getClaims()` verifies them locally from the JWKS.
 * The key is kept in the stack's state folder so sessions and API keys survive a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, jwtVerify, type JWK, type JWTPayload, type CryptoKey } from 'jose';

export type SigningKeys = {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  anonKey: string;
  serviceRoleKey: string;
};

const ISSUER = 'supabase-devstack';
const TEN_YEARS = 10 * 365 * 24 * 3600;

type StoredKeys = { kid: string; privateJwk: JWK; publicJwk: JWK; anonKey: string; serviceRoleKey: string };

export async function loadOrCreateKeys(stateDir: string): Promise<SigningKeys> {
  const file = path.join(stateDir, 'signing-keys.json');
  if (fs.existsSync(file)) {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredKeys;
    return {
      kid: stored.kid,
      privateKey: (await importJWK(stored.privateJwk, 'ES256')) as CryptoKey,
      publicKey: (await importJWK(stored.publicJwk, 'ES256')) as CryptoKey,
      publicJwk: stored.publicJwk,
      anonKey: stored.anonKey,
      serviceRoleKey: stored.serviceRoleKey,
    };
  }
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig', key_ops: ['verify'] };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256' };
  const now = Math.floor(Date.now() / 1000);
  const apiKey = (role: string) =>
    new SignJWT({ role, iss: ISSUER, ref: 'devstack' })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid })
      .setIssuedAt(now)
      .setExpirationTime(now + TEN_YEARS)
      .sign(privateKey);
  const stored: StoredKeys = { kid, privateJwk, publicJwk, anonKey: await apiKey('anon'), serviceRoleKey: await apiKey('service_role') };
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return { kid, privateKey, publicKey, publicJwk, anonKey: stored.anonKey, serviceRoleKey: stored.serviceRoleKey };
}

export function signAccessToken(keys: SigningKeys, claims: JWTPayload & { exp: number; iat: number }): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: keys.kid }).sign(keys.privateKey);
}

export type VerifiedToken = { ok: true; claims: JWTPayload & Record<string, unknown> } | { ok: false; expired: boolean; reason: string };

export async function verifyToken(keys: SigningKeys, token: string): Promise<VerifiedToken> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, { algorithms: ['ES256'] });
    return { ok: true, claims: payload };
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { ok: false, expired: code === 'ERR_JWT_EXPIRED', reason: error instanceof Error ? error.message : String(error) };
  }
}
