// Whose writes, and whose call, these credentials are (docs/adr/0026): the call-log outboxes are kept per
// user, and so is the call the tabs of a browser profile share (docs/adr/0125), since several people may be
// signed in in one profile's tabs. No imports: it is in the initial bundle with the tabs' channel.

/** The `sub` of a JWT, read without checking the signature (it only picks an outbox); '' for anything else. */
function subjectOf(token: string): string {
  try {
    const payload = atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'));
    const sub: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(payload, (c) => c.charCodeAt(0)))).sub;
    return typeof sub === 'string' ? sub : '';
  } catch {
    return '';
  }
}

/** Two 32-bit multiplicative hashes: names an outbox after credentials without storing them. */
function hash(text: string): string {
  let h1 = 7;
  let h2 = 11;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  return (h1 >>> 0).toString(36) + (h2 >>> 0).toString(36);
}

/**
 * Whose outbox a write goes to: `user:<id>` from the host's `user-id`, else from the `sub` of the Bearer JWT;
 * `key:<hash>` of the Bearer token (or of all the headers) when there is no user id to be had, so such
 * writes wait for those very credentials.
 */
export function partitionOf(headers: Record<string, string>, userId = ''): string {
  const token = /^Bearer\s+(\S+)/i.exec(headers.authorization ?? headers.Authorization ?? '')?.[1] ?? '';
  const user = userId || subjectOf(token);
  return user ? `user:${user}` : `key:${hash(token || JSON.stringify(Object.entries(headers).sort()))}`;
}
