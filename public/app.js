// Progressive enhancements only: every page works without this file.
;(() => {
  'use strict'
  document.documentElement.classList.add('js')

  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches

  /* Roll: tumble the die while the roll request is on its way (never delays it). */
  for (const form of document.querySelectorAll('[data-roll-form]')) {
    form.addEventListener('submit', () => {
      const stage = document.querySelector('[data-die-stage]')
      const text = stage && stage.querySelector('text')
      if (!stage || !text || reducedMotion) return
      stage.classList.add('tumbling')
      const sides = Number((text.textContent || '').replace(/\D/g, '')) || 6
      const timer = setInterval(() => {
        text.textContent = String(1 + Math.floor(Math.random() * sides))
      }, 70)
      setTimeout(() => clearInterval(timer), 900)
    })
  }

  /* Rate: say what the chosen rating will do (the page gives each rating's words). */
  for (const form of document.querySelectorAll('[data-rate-form]')) {
    const outcome = form.querySelector('[data-outcome]')
    const issues = form.querySelector('input[name="issues_read"]')
    const remaining = Number(form.dataset.remaining)
    const describe = () => {
      const checked = form.querySelector('input[name="rating"]:checked')
      if (!checked || !outcome) return
      const completes = issues && Number(issues.value) >= remaining
      outcome.textContent = completes ? checked.dataset.completes : checked.dataset.moves
      const good = checked.closest('.rating').classList.contains('good')
      outcome.classList.toggle('good', good)
      outcome.classList.toggle('meh', !good)
    }
    form.addEventListener('change', describe)
    form.addEventListener('input', describe)
    describe()
  }

  /* Issues read: − / + buttons around the number field. */
  for (const input of document.querySelectorAll('[data-stepper] input[type="number"]')) {
    const make = (label, delta) => {
      const button = document.createElement('button')
      button.type = 'button'
      button.textContent = label
      button.setAttribute('aria-label', delta < 0 ? 'One issue fewer' : 'One issue more')
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
  }

  /* Imports: show upload progress for large files, then follow the answer. */
  for (const form of document.querySelectorAll('[data-import-form]')) {
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
        const page = new DOMParser().parseFromString(request.responseText, 'text/html')
        const main = page.querySelector('main')
        if (!main || request.status >= 500) return window.location.assign(request.responseURL || form.action)
        document.querySelector('main').replaceWith(main)
        // A refused form marks its first refused field: open the page there, as a full load does.
        const refused = main.querySelector('[autofocus]')
        if (refused) {
          refused.focus()
          refused.scrollIntoView({ block: 'center' })
        } else {
          window.scrollTo(0, 0)
          main.focus()
        }
      })
      request.addEventListener('error', () => form.submit())
      progress.hidden = false
      button.disabled = true
      button.textContent = 'Importing…'
      request.send(new FormData(form))
    })
  }

  /* Queue: drag a row by its handle to a new place (mouse or touch); the forms stay as the fallback. */
  const queue = document.querySelector('[data-queue]')
  if (queue) {
    let dragging = null
    const rows = () => [...queue.querySelectorAll('[data-thread-id]')]
    // A long queue is shown a page at a time: positions count from the page's first row.
    const positionOf = (row) => Number(queue.dataset.offset || 0) + rows().indexOf(row) + 1

    const announce = (message) => {
      const region = document.querySelector('.flash-region')
      if (region) region.innerHTML = `<p class="flash flash-success"></p>`
      if (region) region.firstChild.textContent = message
    }

    const save = async (row) => {
      const position = positionOf(row)
      const form = row.querySelector('form.position-form')
      const body = new URLSearchParams(new FormData(form))
      body.set('position', String(position))
      queue.setAttribute('aria-busy', 'true')
      try {
        const response = await fetch(form.action, { method: 'POST', body, headers: { accept: 'text/html' } })
        if (!response.ok) throw new Error(String(response.status))
        const page = new DOMParser().parseFromString(await response.text(), 'text/html')
        const fresh = page.querySelector('[data-queue]')
        if (fresh) queue.innerHTML = fresh.innerHTML
        announce(`${row.dataset.title} moved to position ${position}.`)
      } catch {
        window.location.reload()
      } finally {
        queue.removeAttribute('aria-busy')
      }
    }

    queue.addEventListener('pointerdown', (event) => {
      const handle = event.target.closest('[data-drag-handle]')
      if (!handle) return
      event.preventDefault()
      dragging = handle.closest('[data-thread-id]')
      dragging.classList.add('dragging')
      handle.setPointerCapture(event.pointerId)
    })

    queue.addEventListener('pointermove', (event) => {
      if (!dragging) return
      const over = document.elementFromPoint(event.clientX, event.clientY)
      const target = over && over.closest('[data-thread-id]')
      if (!target || target === dragging || target.parentElement !== queue) return
      const box = target.getBoundingClientRect()
      const after = event.clientY > box.top + box.height / 2
      target[after ? 'after' : 'before'](dragging)
    })

    const drop = () => {
      if (!dragging) return
      const row = dragging
      dragging = null
      row.classList.remove('dragging')
      const start = Number(row.dataset.position)
      if (positionOf(row) !== start) save(row)
    }
    queue.addEventListener('pointerup', drop)
    queue.addEventListener('pointercancel', drop)
  }
})()
