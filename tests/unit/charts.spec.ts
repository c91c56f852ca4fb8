import { test } from '@japa/runner'
import { CHART, linePoints, niceMax, rankedRows, verticalBars } from '#services/charts'
import { mostOften } from '#domain/analytics'

test.group('Chart geometry', () => {
  test('bars share the plot and scale to a round maximum', ({ assert }) => {
    const { max, bars, baseline } = verticalBars([
      { label: 'a', value: 3 },
      { label: 'b', value: 0 },
      { label: 'c', value: 7 },
    ])
    assert.equal(max, 7)
    assert.equal(baseline, CHART.height - CHART.bottom)
    assert.equal(bars[1].height, 0)
    assert.closeTo(bars[2].y, CHART.top, 0.001)
    assert.isBelow(bars[0].x + bars[0].width, bars[1].x)
  })

  test('labels that fit are all printed; else every other, the last always', ({ assert }) => {
    const ratings = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5].map((r) => ({
      label: r.toFixed(1),
      value: 1,
    }))
    assert.isTrue(verticalBars(ratings).bars.every((bar) => bar.labelled))
    const weeks = Array.from({ length: 12 }, (_, i) => ({ label: `${i + 10} Nov`, value: i }))
    const printed = verticalBars(weeks).bars.filter((bar) => bar.labelled)
    assert.isBelow(printed.length, 12)
    assert.equal(printed.at(-1)!.label, '21 Nov')
  })

  test('round maxima, empty data, gaps in lines, ranked rows', ({ assert }) => {
    assert.equal(niceMax(0), 1)
    assert.equal(niceMax(42), 50)
    assert.equal(niceMax(130), 200)
    assert.equal(verticalBars([]).bars.length, 0)
    assert.lengthOf(linePoints([1, null, 5], 5), 2)
    assert.deepEqual(
      rankedRows([
        { label: 'x', value: 10 },
        { label: 'y', value: 5 },
        { label: 'z', value: 0 },
      ]).map((row) => row.share),
      [100, 50, 1]
    )
  })

  test('the most frequent values, ties named together', ({ assert }) => {
    const of = (values: number[]) => values.map((value, i) => ({ label: `r${i}`, value }))
    assert.deepEqual(mostOften(of([1, 3, 2])), { labels: ['r1'], value: 3 })
    assert.deepEqual(mostOften(of([2, 1, 2])), { labels: ['r0', 'r2'], value: 2 })
    assert.deepEqual(mostOften(of([0, 0])), { labels: [], value: 0 })
  })
})
