import type { ApiClient } from '@japa/api-client'
import { PageClient } from '#tests/support/browserless_client'
import { BASE_URL } from '#tests/bootstrap'
import { urlFor } from '@adonisjs/core/services/url_builder'

export const PASSWORD = 'correct horse battery'

let counter = 0
export function uniqueEmail(prefix = 'reader') {
  counter += 1
  return `${prefix}${counter}-${Date.now()}@example.com`
}

/** Registers through the API; returns the token and user. */
export async function registerReader(client: ApiClient, email = uniqueEmail()) {
  const response = await client
    .post(route('api.registration.store'))
    .json({ email, password: PASSWORD })
  response.assertStatus(201)
  return {
    email,
    token: response.body().token as string,
    user: response.body().user as { id: number; email: string },
  }
}

/** A page client signed in through the real sign-in form. */
export async function signedInPages(email: string, password = PASSWORD) {
  const pages = new PageClient()
  await pages.get(route('session.create'))
  const response = await pages.post(route('session.store'), { email, password })
  if (response.status !== 302 || response.location !== route('roll.show'))
    throw new Error(`sign-in failed: ${response.status} ${response.location}`)
  return pages
}

/**
 * A registered reader's API: `call` sends JSON with their token; `upload` posts a body
 * of the given type (an import's file as text).
 */
export async function apiReader(client: ApiClient, email = uniqueEmail()) {
  const { token, user } = await registerReader(client, email)
  const call = (
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: string,
    body: object = {}
  ) =>
    client[method](path)
      .header('authorization', `Bearer ${token}`)
      .json(body as never)
  const upload = (path: string, text: string, type = 'text/csv') =>
    fetch(`${BASE_URL}${path}`, {
      method: 'POST',
      headers: { 'authorization': `Bearer ${token}`, 'content-type': type },
      body: text,
    })
  return { user, email, token, call, upload }
}

/** A route's URL by its name (checked against the routes), its parameters and query string. */
export function route(
  name: Parameters<typeof urlFor>[0],
  params: Record<string, string | number | Array<string | number>> = {},
  qs?: Record<string, unknown>
) {
  const build = urlFor as (n: string, p: object, o?: object) => string
  return build(name, params, qs ? { qs } : undefined)
}
