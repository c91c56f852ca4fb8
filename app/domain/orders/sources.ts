/**
 * What an order is made from on the pages: a CBL file, or lines pasted one entry a line.
 * Either is kept as text (the file, or the lines) while the preview waits for the
 * reader's answer, and read again from that text when they confirm.
 */
import { Refusal } from '#domain/refusal'
import { CblProblem, readCbl } from '#domain/orders/cbl'
import { ORDER_NAME_LENGTH, entriesOfLines, type EntryInput } from '#domain/orders/entries'

export type OrderSourceKind = 'cbl' | 'lines'

export interface OrderSource {
  kind: OrderSourceKind
  text: string
}

/** The entries and the name a source gives (a CBL file's `<Name>`, else `name`). */
export function entriesOfSource(
  source: OrderSource,
  name: string | undefined
): { name: string; entries: EntryInput[] } {
  if (source.kind === 'lines') {
    const entries = entriesOfLines(source.text)
    if (!entries.length)
      throw Refusal.invalid('Paste at least one line, like “Civil War (2006) #1”.')
    return { name: name || 'Reading order', entries }
  }
  try {
    const list = readCbl(source.text)
    if (!list.books.length) throw Refusal.invalid('The list names no books.')
    const named = name || list.name.slice(0, ORDER_NAME_LENGTH) || 'Reading order'
    return { name: named, entries: list.books }
  } catch (error) {
    if (error instanceof CblProblem) throw Refusal.invalid(error.message)
    throw error
  }
}
