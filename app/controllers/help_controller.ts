import type { HttpContext } from '@adonisjs/core/http'

/** The ritual in a reader's words, and a glossary: the same for everyone, signed in or not. */
export default class HelpController {
  async show({ auth, view }: HttpContext) {
    // Signed in, the page carries the app's navigation; it shows nothing of the reader's.
    await auth.check()
    return view.render('pages/help/show')
  }
}
