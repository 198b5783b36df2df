import argon2 from 'argon2';

/** argon2id with the library's defaults (OWASP's minimums or above). */
export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

let dummyHash: Promise<string> | undefined;
/** Verifies; for unknown accounts it still spends the same time, so timing does not reveal which emails exist. */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword('chifuku-neo-dummy-password');
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}
