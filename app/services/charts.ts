/**
 * Geometry for the server-rendered SVG charts: plain numbers the templates draw,
 * so charts need no JavaScript.
 */
export interface Datum {
  label: string
  value: number
}

/**
 * The drawing box of a bar chart, in the SVG's own units. Its text is 14 units high;
 * the stylesheet caps how far the chart is scaled up, so text stays 13–18 px.
 */
export const CHART = { width: 340, height: 190, left: 34, bottom: 30, top: 14, right: 12 }

/** The right margin of a chart that also draws a rating line, for that line's scale. */
export const SCALED_RIGHT = 36

/** The plot's width: the box less its margins (a second scale takes more on the right). */
const plotWidth = (scaled: boolean) =>
  CHART.width - CHART.left - (scaled ? SCALED_RIGHT : CHART.right)

/** Text is about this many units wide per character (labels are spaced by it). */
const CHAR_WIDTH = 7.5

export function niceMax(value: number) {
  if (value <= 5) return Math.max(1, Math.ceil(value))
  const magnitude = 10 ** Math.floor(Math.log10(value))
  return Math.ceil(value / magnitude) * magnitude
}

/**
 * Vertical bars across the chart width, with which of their labels to print: all
 * when they fit side by side, else every other or every third, the last always. The
 * scale reaches `least` at least (a die's 20, say), else the largest bar.
 */
export function verticalBars(data: Datum[], scaled = false, least = 0) {
  const plotHeight = CHART.height - CHART.top - CHART.bottom
  const max = niceMax(Math.max(least, ...data.map((d) => d.value)))
  const slot = plotWidth(scaled) / Math.max(1, data.length)
  const widest = Math.max(0, ...data.map((d) => d.label.length)) * CHAR_WIDTH + 4
  const every = Math.max(1, Math.ceil(widest / slot))
  return {
    max,
    baseline: CHART.height - CHART.bottom,
    right: CHART.width - (scaled ? SCALED_RIGHT : CHART.right),
    bars: data.map((d, i) => {
      const height = (d.value / max) * plotHeight
      // A few bars stay bars, not blocks: at most 44 units wide, centred in their slot.
      const width = Math.min(slot * 0.7, 44)
      return {
        ...d,
        x: CHART.left + i * slot + (slot - width) / 2,
        width,
        y: CHART.height - CHART.bottom - height,
        height,
        center: CHART.left + i * slot + slot / 2,
        labelled: (data.length - 1 - i) % every === 0,
      }
    }),
  }
}

/** Points of a line over the slots of `verticalBars(…, true)` (nulls leave gaps). */
export function linePoints(values: Array<number | null>, max: number) {
  const plotHeight = CHART.height - CHART.top - CHART.bottom
  const slot = plotWidth(true) / Math.max(1, values.length)
  return values
    .map((value, i) =>
      value === null
        ? null
        : {
            x: CHART.left + i * slot + slot / 2,
            y: CHART.height - CHART.bottom - (value / max) * plotHeight,
            value,
          }
    )
    .filter((point): point is { x: number; y: number; value: number } => point !== null)
}

/** Ranked rows: each value as a share (0–100) of the largest. */
export function rankedRows(data: Datum[]) {
  const max = Math.max(1, ...data.map((d) => d.value))
  return data.map((d) => ({ ...d, share: Math.max(1, Math.round((d.value / max) * 100)) }))
}
