// Password hashing with scrypt (node:crypto): salted, parameters stored with the hash, compared in constant time.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost parameters: N=2^15 takes ~50 ms and 32 MB, slow enough to make guessing stolen hashes costly. */
const DEFAULTS = { N: 32768, r: 8, p: 1, keylen: 32 };

function derive(password: string, salt: Buffer, options: ScryptOptions & { keylen: number }): Promise<Buffer> {
  const { keylen, ...rest } = options;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keylen, { ...rest, maxmem: 128 * rest.N! * rest.r! * 2 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Hash a password: `scrypt$N$r$p$salt$hash` (salt and hash base64url). */
export async function hashPassword(password: string, cost: Partial<typeof DEFAULTS> = {}): Promise<string> {
  const o = { ...DEFAULTS, ...cost };
  const salt = randomBytes(16);
  const key = await derive(password, salt, o);
  return ['scrypt', o.N, o.r, o.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches a hash made by hashPassword; false (never a throw) for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length < 16) return false;
  const key = await derive(password, salt, { N, r, p, keylen: expected.length });
  return timingSafeEqual(key, expected);
}

/** A password's problems for a new account, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'the password must have at least 10 characters';
  if (password.length > 1024) return 'the password is too long (at most 1024 characters)';
  return null;
}
