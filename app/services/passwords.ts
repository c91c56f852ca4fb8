import hash from '@adonisjs/core/services/hash'

/**
 * Passwords compare after Unicode NFKC normalisation, so a password typed on another
 * keyboard or system (é as one code point or as e and an accent) is the same password.
 */
function normalized(typed: string) {
  return typed.normalize('NFKC')
}

export function hashPassword(typed: string) {
  return hash.make(normalized(typed))
}

export interface PasswordCheck {
  matches: boolean
  /** A hash of the normalised form, to store when the stored hash was made from the typed form. */
  rehashed?: string
}

/**
 * Checks `typed` against a stored hash. A hash made before passwords were normalised
 * matches the form typed then: when the normalised form fails and the typed one differs,
 * the typed one is tried, and a match comes with a hash of the normalised form to store.
 */
export async function checkPassword(storedHash: string, typed: string): Promise<PasswordCheck> {
  const form = normalized(typed)
  if (await hash.verify(storedHash, form)) return { matches: true }
  if (form !== typed && (await hash.verify(storedHash, typed))) {
    return { matches: true, rehashed: await hash.make(form) }
  }
  return { matches: false }
}
