// Progressive enhancements only: every page works without this file.
;(() => {
  'use strict'
  document.documentElement.classList.add('js')

  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches

  /*
   * Enhancements are set up on a part of the page: the whole page when it loads, and the
   * new page after a swap (see below), so each runs over what it is given.
   */
  const enhancers = []
  const enhance = (root) => {
    for (const enhancer of enhancers) enhancer(root)
  }
  const each = (root, selector, fn) => {
    for (const element of root.querySelectorAll(selector)) fn(element)
  }

  /*
   * Swaps. On a page whose <main> has data-swap, a form posts with fetch and the page
   * it answers with (after its redirect) replaces this one without a reload: the
   * message and Undo of the action land where the reader acted and take the focus
   * (the element marked autofocus), as after a full load. Anything unexpected falls
   * back to the form's own submission.
   */
  let busy = false
  let onSwap = []

  const focusLanding = () => {
    const target = document.querySelector('main [autofocus]')
    if (target) {
      target.focus({ preventScroll: true })
      // A message opens as a full load opens it (below the row it is about); a field, centred.
      target.scrollIntoView({ block: target.matches('[data-feedback]') ? 'start' : 'center' })
    } else {
      window.scrollTo(0, 0)
      document.querySelector('main')?.focus({ preventScroll: true })
    }
  }

  const showPage = (html, url, push) => {
    const page = new DOMParser().parseFromString(html, 'text/html')
    if (!page.querySelector('main')) return false
    for (const done of onSwap) done()
    onSwap = []
    document.title = page.title
    document.body.replaceWith(page.body)
    if (push) history.pushState(null, '', url)
    else history.replaceState(null, '', url)
    enhance(document)
    focusLanding()
    return true
  }

  const swap = async (url, init, fallback, push = false) => {
    if (busy) return
    busy = true
    document.querySelector('main')?.setAttribute('aria-busy', 'true')
    try {
      const response = await fetch(url, { ...init, headers: { accept: 'text/html' } })
      if (response.status >= 500 || !showPage(await response.text(), response.url, push)) {
        throw new Error(String(response.status))
      }
    } catch {
      fallback()
    } finally {
      busy = false
    }
  }

  const nativeSubmits = new WeakSet()
  document.addEventListener('submit', (event) => {
    const form = event.target
    if (event.defaultPrevented || nativeSubmits.has(form)) return
    if (!form.closest('main[data-swap]') || form.enctype === 'multipart/form-data') return
    event.preventDefault()
    const submitter = event.submitter
    const action = submitter?.getAttribute('formaction') ? submitter.formAction : form.action
    const data = new FormData(form, submitter)
    const fallback = () => {
      nativeSubmits.add(form)
      form.requestSubmit(submitter)
    }
    if (form.method.toLowerCase() === 'get') {
      const url = new URL(action)
      url.search = new URLSearchParams(data).toString()
      swap(url, { method: 'GET' }, fallback, true)
    } else {
      swap(action, { method: 'POST', body: new URLSearchParams(data) }, fallback)
    }
  })
  window.addEventListener('popstate', () => window.location.reload())

  /* Installable: a service worker keeps the static files and answers offline (sw.js). */
  if ('serviceWorker' in navigator) {
    window.addEventListener('load', () => {
      navigator.serviceWorker.register('/sw.js').catch(() => {})
    })
  }

  /* Uploads: the chosen file's name and size, said under the control. */
  const fileSize = (bytes) =>
    bytes < 1024 ? `${bytes} bytes` : bytes < 1048576 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1048576).toFixed(1)} MB`
  enhancers.push((root) =>
    each(root, 'input[type="file"]', (input) => {
      const said = input.parentElement.querySelector('[data-file-chosen]')
      if (!said) return
      input.addEventListener('change', () => {
        const file = input.files && input.files[0]
        said.hidden = !file
        said.textContent = file ? `Chosen: ${file.name} · ${fileSize(file.size)}` : ''
      })
    })
  )

  /* Confirmations: a link to a confirmation page opens it as a dialog in place. */
  enhancers.push((root) => {
    each(root, 'a[data-opens-dialog]', (link) => {
      const dialog = document.getElementById(link.dataset.opensDialog)
      if (!dialog || typeof dialog.showModal !== 'function') return
      link.addEventListener('click', (event) => {
        event.preventDefault()
        dialog.showModal()
      })
    })
    each(root, '[data-closes-dialog]', (button) =>
      button.addEventListener('click', () => button.closest('dialog')?.close())
    )
  })

  /* Registration: the browser's time zone, so the pages show the reader's own times. */
  enhancers.push((root) =>
    each(root, 'input[data-time-zone]', (input) => {
      try {
        input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ''
      } catch {
        input.value = ''
      }
    })
  )

  /* Roll: tumble the die while the roll is on its way (never delays it). */
  enhancers.push((root) =>
    each(root, '[data-roll-form]', (form) =>
      form.addEventListener('submit', () => {
        const stage = document.querySelector('[data-die-stage]')
        const text = stage && stage.querySelector('text')
        if (!stage || !text || reducedMotion) return
        stage.classList.add('tumbling')
        const sides = Number((text.textContent || '').replace(/\D/g, '')) || 6
        const timer = setInterval(() => {
          text.textContent = String(1 + Math.floor(Math.random() * sides))
        }, 70)
        const stop = () => clearInterval(timer)
        onSwap.push(stop)
        setTimeout(stop, 1500)
      })
    )
  )

  /* Rate: say what the chosen rating will do (the page gives each rating's words). */
  enhancers.push((root) =>
    each(root, '[data-rate-form]', (form) => {
      const outcome = form.querySelector('[data-outcome]')
      const issues = form.querySelector('input[name="issues_read"]')
      const remaining = Number(form.dataset.remaining)
      const describe = () => {
        if (!outcome) return
        // Before a rating is chosen, the outcome says what either kind of rating does.
        const checked = form.querySelector('input[name="rating"]:checked')
        const words = checked ? checked.dataset : outcome.dataset
        const completes = issues && Number(issues.value) >= remaining
        outcome.textContent = completes ? words.completes : words.moves
        const good = Boolean(checked && checked.closest('.rating').classList.contains('good'))
        outcome.classList.toggle('good', Boolean(checked) && good)
        outcome.classList.toggle('meh', Boolean(checked) && !good)
      }
      form.addEventListener('change', describe)
      form.addEventListener('input', describe)
      describe()
    })
  )

  /* Number fields marked as steppers: − / + buttons around them. */
  enhancers.push((root) =>
    each(root, '[data-stepper] input[type="number"]', (input) => {
      const make = (label, delta) => {
        const button = document.createElement('button')
        button.type = 'button'
        button.textContent = label
        button.setAttribute('aria-label', delta < 0 ? 'One fewer' : 'One more')
        button.addEventListener('click', () => {
          const min = Number(input.min || 1)
          const max = Number(input.max || 100000)
          input.value = String(Math.min(max, Math.max(min, (Number(input.value) || min) + delta)))
          input.dispatchEvent(new Event('change', { bubbles: true }))
        })
        return button
      }
      input.before(make('−', -1))
      input.after(make('+', 1))
    })
  )

  /* Imports: show upload progress for large files, then show the answer. */
  enhancers.push((root) =>
    each(root, '[data-import-form]', (form) =>
      form.addEventListener('submit', (event) => {
        const progress = form.querySelector('progress')
        const button = form.querySelector('button[type="submit"]')
        if (!progress || !window.XMLHttpRequest) return
        event.preventDefault()
        const request = new XMLHttpRequest()
        request.open('POST', form.action)
        request.upload.addEventListener('progress', (e) => {
          if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100)
        })
        request.addEventListener('load', () => {
          const url = request.responseURL || form.action
          if (request.status >= 500 || !showPage(request.responseText, url, false)) {
            window.location.assign(url)
          }
        })
        request.addEventListener('error', () => {
          nativeSubmits.add(form)
          form.submit()
        })
        progress.hidden = false
        button.disabled = true
        button.textContent = form.dataset.busy || 'Importing…'
        request.send(new FormData(form))
      })
    )
  )

  /*
   * Tags offered as they are typed: the field's list of the reader's tags fills its
   * datalist with what the field would read with one more of them, those it holds left out.
   */
  enhancers.push((root) =>
    each(root, '[data-tag-input]', (input) => {
      const tags = JSON.parse(input.dataset.tagInput || '[]')
      const list = document.getElementById(input.getAttribute('list'))
      const key = (tag) =>
        tag.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase()
      const offer = () => {
        const parts = input.value.split(/[,;]/)
        const typing = key(parts.pop() ?? '')
        const given = parts.map((part) => part.trim()).filter(Boolean)
        const held = new Set(given.map(key))
        list.replaceChildren(
          ...tags
            .filter((tag) => !held.has(key(tag)) && key(tag).startsWith(typing))
            .slice(0, 8)
            .map((tag) => new Option([...given, tag].join(', ')))
        )
      }
      input.addEventListener('input', offer)
      input.addEventListener('focus', offer)
    })
  )

  /* Tonight's filter: a tag kept in is not also left out (and the other way round). */
  enhancers.push((root) =>
    each(root, '[data-filter-form]', (form) => {
      form.addEventListener('change', (event) => {
        const box = event.target
        if (!box.checked || !box.dataset.tagSide) return
        const other = box.dataset.tagSide === 'include' ? 'exclude' : 'include'
        for (const twin of form.querySelectorAll(`[data-tag-side="${other}"]`)) {
          if (twin.value === box.value) twin.checked = false
        }
      })
    })
  )

  /* A new shared link: a button copies it (without the script, the link is there to select). */
  enhancers.push((root) =>
    each(root, 'button[data-copy]', (button) => {
      const source = document.getElementById(button.dataset.copy)
      const said = (button.closest('section') ?? document).querySelector('[data-copied]')
      if (!source || !navigator.clipboard) return
      button.hidden = false
      button.addEventListener('click', async () => {
        try {
          await navigator.clipboard.writeText(source.textContent.trim())
          if (said) said.textContent = 'Copied. Paste it into a message.'
        } catch {
          getSelection()?.selectAllChildren(source)
          if (said) said.textContent = 'Copying was not allowed here: the link is selected, copy it by hand.'
        }
      })
    })
  )

  /* A new shared link: on a phone, a button opens the system's share sheet with it. */
  enhancers.push((root) =>
    each(root, 'button[data-send]', (button) => {
      const source = document.getElementById(button.dataset.send)
      if (!source || typeof navigator.share !== 'function') return
      button.hidden = false
      button.addEventListener('click', () => {
        const url = source.textContent.trim()
        navigator.share({ title: button.dataset.sendTitle, url }).catch(() => {})
      })
    })
  )

  /* Queue search: the list follows what is typed (the Find button still submits). */
  enhancers.push((root) =>
    each(root, '[data-queue-search]', (form) => {
      const input = form.querySelector('input[name="q"]')
      let timer
      let asked = 0
      input.addEventListener('input', () => {
        clearTimeout(timer)
        timer = setTimeout(async () => {
          const url = new URL(form.action)
          if (input.value.trim()) url.searchParams.set('q', input.value.trim())
          const ticket = ++asked
          try {
            const response = await fetch(url, { headers: { accept: 'text/html' } })
            const page = new DOMParser().parseFromString(await response.text(), 'text/html')
            const fresh = page.querySelector('[data-queue-list]')
            const list = document.querySelector('[data-queue-list]')
            if (ticket !== asked || !fresh || !list || !response.ok) return
            list.replaceWith(fresh)
            history.replaceState(null, '', response.url)
            enhance(fresh.parentElement)
          } catch {
            // The Find button still works.
          }
        }, 250)
      })
    })
  )

  /* Row menus: one open at a time; Escape or a tap elsewhere closes it. */
  const closeMenus = (except) => {
    for (const menu of document.querySelectorAll('.qr details[open]')) {
      if (menu !== except) menu.open = false
    }
  }
  document.addEventListener('toggle', (event) => {
    if (event.target.matches?.('.qr details') && event.target.open) closeMenus(event.target)
  }, true)
  document.addEventListener('click', (event) => {
    if (!event.target.closest('.qr details')) closeMenus()
  })
  document.addEventListener('keydown', (event) => {
    const open = event.key === 'Escape' && event.target.closest?.('.qr details[open]')
    if (!open) return
    open.open = false
    open.querySelector('summary').focus()
  })

  /*
   * Queue: drag a row by its handle to a new place (mouse or touch). The page scrolls
   * when the row is held near the top or bottom edge; the drop moves the thread to
   * its new position and the page comes back with the message and Undo in its row.
   * One drag at a time, followed on the whole document: moving the row in the page
   * drops its pointer capture, and the pointer may be let go above or below the list.
   */
  let drag = null // { queue, row, start (its position), x, y, frame }
  // A row's id is "t" and its thread's id.
  const rowsOf = (queue) => [...queue.querySelectorAll('li.qr')]
  // A long queue is shown a page at a time: positions count from the page's first row.
  const positionIn = (queue, row) => Number(queue.dataset.offset || 0) + rowsOf(queue).indexOf(row) + 1

  const place = () => {
    const over = document.elementFromPoint(drag.x, drag.y)
    const target = over && over.closest('li.qr')
    if (!target || target === drag.row || target.parentElement !== drag.queue) return
    const box = target.getBoundingClientRect()
    target[drag.y > box.top + box.height / 2 ? 'after' : 'before'](drag.row)
  }

  // Near an edge (the bottom navigation's, on a phone), scroll each frame, faster the closer.
  const follow = () => {
    if (!drag) return
    const edge = 90
    const nav = document.querySelector('.app-nav')?.getBoundingClientRect()
    const navBelow = nav && nav.top > window.innerHeight / 2
    const top = nav && !navBelow ? nav.bottom : 0
    const bottom = navBelow ? nav.top : window.innerHeight
    let step = 0
    if (drag.y < top + edge) step = -Math.ceil((top + edge - drag.y) / 3)
    else if (drag.y > bottom - edge) step = Math.ceil((drag.y - (bottom - edge)) / 3)
    if (step) {
      window.scrollBy(0, step)
      place()
    }
    drag.frame = requestAnimationFrame(follow)
  }

  document.addEventListener('pointermove', (event) => {
    if (!drag) return
    drag.x = event.clientX
    drag.y = event.clientY
    place()
  })

  const drop = () => {
    if (!drag) return
    const { queue, row, frame, start } = drag
    drag = null
    cancelAnimationFrame(frame)
    row.classList.remove('dragging')
    const position = positionIn(queue, row)
    const actions = document.getElementById('qa')
    if (position === start || !actions) return
    const body = new URLSearchParams(new FormData(actions))
    body.set('position', String(position))
    queue.setAttribute('aria-busy', 'true')
    const url = queue.dataset.moveUrl.replace('THREAD', row.id.slice(1))
    swap(url, { method: 'POST', body }, () => window.location.reload())
  }
  document.addEventListener('pointerup', drop)
  document.addEventListener('pointercancel', drop)

  enhancers.push((root) =>
    each(root, '[data-queue]', (queue) => {
      if (!queue.dataset.moveUrl) return
      for (const row of rowsOf(queue)) {
        const handle = document.createElement('span')
        handle.className = 'drag-handle'
        handle.dataset.dragHandle = ''
        handle.title = 'Drag to reorder'
        handle.setAttribute('aria-hidden', 'true')
        handle.textContent = '⠿'
        row.prepend(handle)
      }
      queue.addEventListener('pointerdown', (event) => {
        const handle = event.target.closest('[data-drag-handle]')
        if (!handle || busy || drag) return
        event.preventDefault()
        const row = handle.closest('li.qr')
        row.classList.add('dragging')
        handle.setPointerCapture(event.pointerId)
        const start = positionIn(queue, row)
        drag = { queue, row, start, x: event.clientX, y: event.clientY, frame: 0 }
        drag.frame = requestAnimationFrame(follow)
      })
    })
  )

  enhance(document)
})()
