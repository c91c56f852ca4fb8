import type { SignedIn } from '#services/account_service'

/** The API's answer to a sign-in or registration. */
export function tokenResponse({ user, issued }: SignedIn) {
  return {
    token: issued.token,
    token_type: 'Bearer',
    expires_at: issued.expiresAt.toUTC().toISO(),
    user: user.toApi(),
  }
}
