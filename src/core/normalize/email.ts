/** Emails are compared trimmed and lower-cased; anything without one "@" and a dotted domain is not one. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return EMAIL.test(email) ? email : null;
}

export function looksLikeEmail(raw: string): boolean {
  return raw.includes('@') && normalizeEmail(raw) !== null;
}
