import { BASE_URL } from '#tests/bootstrap'

export interface PageResponse {
  status: number
  location: string | null
  html: string
  headers: Headers
}

/**
 * A minimal browser over real HTTP for page tests: keeps cookies, does not follow
 * redirects, and fills the CSRF token from the last page it loaded.
 */
export class PageClient {
  cookies = new Map<string, string>()
  lastHtml = ''
  /** The last page loaded, sent as Referer the way a browser does. */
  lastPage = '/'

  private cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const index = pair.indexOf('=')
      const name = pair.slice(0, index).trim()
      const value = pair.slice(index + 1).trim()
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim())) || value === ''
      if (expired) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  async request(
    method: string,
    path: string,
    body?: URLSearchParams | FormData,
    headers: Record<string, string> = {}
  ) {
    const response = await fetch(`${BASE_URL}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(body instanceof URLSearchParams
          ? { 'content-type': 'application/x-www-form-urlencoded' }
          : {}),
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
        'user-agent': 'PageClient/1.0 (tests)',
        'referer': `${BASE_URL}${this.lastPage}`,
        ...headers,
      },
      body,
    })
    this.remember(response)
    const html = await response.text()
    if ((response.headers.get('content-type') ?? '').includes('text/html')) {
      this.lastHtml = html
      if (method === 'GET') this.lastPage = path
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      html,
      headers: response.headers,
    } as PageResponse
  }

  get(path: string) {
    return this.request('GET', path)
  }

  /** The CSRF token of the last HTML page loaded. */
  csrfToken() {
    const match =
      /name='_csrf' value='([^']+)'/.exec(this.lastHtml) ??
      /name="_csrf" value="([^"]+)"/.exec(this.lastHtml)
    return match?.[1] ?? ''
  }

  /**
   * Posts a form the way a browser would, with the page's CSRF token unless told otherwise;
   * a list is sent as the field repeated (checkboxes of one name).
   */
  post(
    path: string,
    fields: Record<string, string | number | Array<string | number>> = {},
    options: { csrf?: string | false; headers?: Record<string, string> } = {}
  ) {
    const body = new URLSearchParams(
      Object.entries(fields).flatMap(([k, v]) => [v].flat().map((one) => [k, String(one)]))
    )
    const csrf = options.csrf === undefined ? this.csrfToken() : options.csrf
    if (csrf !== false) body.set('_csrf', csrf)
    return this.request('POST', path, body, options.headers)
  }

  /** Posts a form with a file (multipart), as a browser posts an upload form. */
  postFile(
    path: string,
    file: { name: string; text: string; type?: string },
    fields: Record<string, string> = {},
    options: { csrf?: string | false } = {}
  ) {
    const body = new FormData()
    for (const [key, value] of Object.entries(fields)) body.set(key, value)
    const csrf = options.csrf === undefined ? this.csrfToken() : options.csrf
    if (csrf !== false) body.set('_csrf', csrf)
    body.set('file', new Blob([file.text], { type: file.type ?? 'text/csv' }), file.name)
    return this.request('POST', path, body)
  }

  /** Follows a redirect answer with a GET. */
  follow(response: PageResponse) {
    if (!response.location) throw new Error(`expected a redirect, got ${response.status}`)
    return this.get(response.location.replace(/^https?:\/\/[^/]+/, ''))
  }
}
