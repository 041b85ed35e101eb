import { createHmac, createSign, type KeyObject } from 'node:crypto';

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signs a JWT by hand, the way a host application (or an attacker) might: tests need tokens the
 * API's own signer would never make (other algorithms, `none`, expired, foreign keys).
 */
export function signJwt(
  payload: Record<string, unknown>,
  key: { alg: 'HS256'; secret: string } | { alg: 'RS256' | 'ES256'; privateKey: KeyObject } | { alg: 'none' }
): string {
  const now = Math.floor(Date.now() / 1000);
  const body = `${part({ alg: key.alg, typ: 'JWT' })}.${part({ iat: now, exp: now + 600, ...payload })}`;
  if (key.alg === 'none') return `${body}.`;
  if (key.alg === 'HS256') return `${body}.${createHmac('sha256', key.secret).update(body).digest('base64url')}`;
  const signer = createSign('sha256').update(body);
  const signature = key.alg === 'ES256' ? signer.sign({ key: key.privateKey, dsaEncoding: 'ieee-p1363' }) : signer.sign(key.privateKey);
  return `${body}.${signature.toString('base64url')}`;
}
