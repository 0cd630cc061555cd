// What a JSON Web Token says about its user, read (not verified: the server does that) to show who you are.

/** The token's nick (its `nick` claim, else `sub`) and expiry, or null when it is not a readable JWT. */
export function tokenIdentity(token) {
  const parts = String(token).split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json);
    const nick = typeof claims.nick === 'string' ? claims.nick : typeof claims.sub === 'string' ? claims.sub : null;
    if (!nick) return null;
    return { nick, expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null };
  } catch {
    return null;
  }
}
