import { test } from '@japa/runner'
import {
  ENTRIES_PER_ORDER,
  entriesOfLines,
  issueNumberKey,
  issueNumberOf,
  readEntries,
} from '#domain/orders/entries'
import { CblProblem, readCbl, writeCbl } from '#domain/orders/cbl'

const CIVIL_WAR = `<?xml version="1.0" encoding="utf-8"?>
<ReadingList xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <Name>Civil War &amp; After</Name>
  <Books>
    <Book Series="Civil War" Number="1" Volume="2006" Year="2006">
      <Database Name="cv" Series="18023" Issue="105760" />
    </Book>
    <Book Series="Amazing Spider-Man" Number="532" Volume="1999" />
    <Book Series="Civil War" Number="002" Volume="2006" />
    <Book Series="X-Men" Number="Annual 1" />
  </Books>
</ReadingList>`

test.group('Reading lists: issue numbers', () => {
  test('as readers write them', ({ assert }) => {
    for (const [raw, kept] of [
      ['1', '1'],
      ['001', '1'],
      ['#14', '14'],
      ['½', '1⁄2'],
      ['-1', '-1'],
      ['0.1', '0.1'],
      ['0', '0'],
      ['Annual  1', 'Annual 1'],
      [532, '532'],
    ] as const) {
      assert.equal(issueNumberOf(raw), kept, String(raw))
    }
    assert.equal(issueNumberKey('001'), issueNumberKey('1'))
    assert.equal(issueNumberKey('ANNUAL 1'), issueNumberKey('annual 1'))
    assert.notEqual(issueNumberKey('1.0'), issueNumberKey('1'))
  })

  test('what is not one issue number says why', ({ assert }) => {
    for (const raw of ['', '  ', '#', '1-5', '1, 2', 'x'.repeat(21), null, undefined, {}]) {
      const kept = issueNumberOf(raw)
      assert.isObject(kept, String(raw))
      assert.match((kept as { problem: string }).problem, /\w/)
    }
  })
})

test.group('Reading lists: entries', () => {
  test('read in order; an entry without a series, a bad number or listed twice is unreadable', ({
    assert,
  }) => {
    const { entries, unreadable } = readEntries([
      { series: 'Civil War', volume: '2006', number: '1' },
      { series: '  ', number: '2' },
      { series: 'Civil War', volume: 2006, number: '001' },
      { series: 'CIVIL WAR', volume: '2006', number: '2' },
      { series: 'Civil War', volume: 'first', number: '3' },
      { series: 'Civil War', number: '1' },
      { series: 'Amazing Spider-Man', number: '1-3' },
    ])
    assert.deepEqual(
      entries.map((e) => [e.index, e.series, e.volume, e.number]),
      [
        [0, 'Civil War', '2006', '1'],
        [3, 'CIVIL WAR', '2006', '2'],
        [5, 'Civil War', null, '1'],
      ]
    )
    assert.deepEqual(
      unreadable.map((u) => u.index),
      [1, 2, 4, 6]
    )
    assert.equal(unreadable[0].message, 'It names no series.')
    assert.equal(unreadable[1].message, 'Civil War (2006) #1 is already entry 1.')
    assert.include(unreadable[2].message, 'not a volume')
    assert.include(unreadable[3].message, 'range')
  })

  test('pasted lines, one entry a line', ({ assert }) => {
    assert.deepEqual(
      entriesOfLines(
        'Civil War (2006) #1\r\n\n  Amazing Spider-Man #532\nX-Men (1991) Annual 1\nSandman 4\nSaga (2012) #-1\nLonely'
      ),
      [
        { series: 'Civil War', volume: '2006', number: '1' },
        { series: 'Amazing Spider-Man', number: '532' },
        { series: 'X-Men', volume: '1991', number: 'Annual 1' },
        { series: 'Sandman', number: '4' },
        { series: 'Saga', volume: '2012', number: '-1' },
        { series: '', number: 'Lonely' },
      ]
    )
  })
})

test.group('Reading lists: CBL files', () => {
  test('reads the name, the books in order and the ids they carry', ({ assert }) => {
    const list = readCbl(CIVIL_WAR)
    assert.equal(list.name, 'Civil War & After')
    assert.deepEqual(list.books, [
      {
        series: 'Civil War',
        volume: '2006',
        number: '1',
        ids: [{ source: 'cv', series: '18023', issue: '105760' }],
      },
      { series: 'Amazing Spider-Man', volume: '1999', number: '532', ids: [] },
      { series: 'Civil War', volume: '2006', number: '002', ids: [] },
      { series: 'X-Men', volume: undefined, number: 'Annual 1', ids: [] },
    ])
  })

  test('writes a file that reads back to the same books, whatever their characters', ({
    assert,
  }) => {
    const books = [
      {
        series: 'Tom & Jerry <"Classics">',
        volume: '1948',
        number: '½',
        ids: [{ source: 'cv', series: '1', issue: '2' }],
      },
      { series: 'Ms. Marvel', volume: null, number: 'Annual 1', ids: [] },
    ]
    const back = readCbl(writeCbl('Mine & yours', books))
    assert.equal(back.name, 'Mine & yours')
    assert.deepEqual(
      back.books.map((b) => [b.series, b.volume ?? null, b.number, b.ids]),
      books.map((b) => [b.series, b.volume, b.number, b.ids])
    )
  })

  test('a document type or an entity is refused, never expanded', ({ assert }) => {
    const doctype = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<ReadingList><Name>&lol2;</Name><Books/></ReadingList>`
    assert.throws(() => readCbl(doctype), /document type/)
    const external = `<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><ReadingList><Name>&x;</Name></ReadingList>`
    assert.throws(() => readCbl(external), /document type/)
    assert.throws(() => readCbl('<ReadingList><Name>&nbsp;</Name></ReadingList>'), /does not read/)
  })

  test('what is not a reading list says so', ({ assert }) => {
    for (const [text, said] of [
      ['', /empty/],
      ['<Library/>', /not a CBL reading list/],
      ['<ReadingList><Books>', /not well-formed/],
      ['not xml at all', /not well-formed/],
    ] as const) {
      assert.throws(() => readCbl(text), CblProblem)
      assert.throws(() => readCbl(text), said)
    }
  })

  test('stops at the first book past the limit', ({ assert }) => {
    const book = '<Book Series="S" Number="1"/>'
    const many = (n: number) => `<ReadingList><Books>${book.repeat(n)}</Books></ReadingList>`
    assert.lengthOf(readCbl(many(ENTRIES_PER_ORDER)).books, ENTRIES_PER_ORDER)
    assert.throws(() => readCbl(many(ENTRIES_PER_ORDER + 1)), /more than 10,000 books/)
  })
})
