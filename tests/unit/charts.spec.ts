import { test } from '@japa/runner'
import { CHART, horizontalBars, linePoints, niceMax, verticalBars } from '#services/charts'

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

  test('round maxima, empty data, gaps in lines, ranked rows', ({ assert }) => {
    assert.equal(niceMax(0), 1)
    assert.equal(niceMax(42), 50)
    assert.equal(niceMax(130), 200)
    assert.equal(verticalBars([]).bars.length, 0)
    assert.lengthOf(linePoints([1, null, 5], 5), 2)
    assert.deepEqual(
      horizontalBars([
        { label: 'x', value: 10 },
        { label: 'y', value: 5 },
      ]).map((b) => b.width),
      [180, 90]
    )
  })
})
