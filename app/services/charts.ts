/**
 * Geometry for the server-rendered SVG charts: plain numbers the templates draw,
 * so charts need no JavaScript.
 */
export interface Datum {
  label: string
  value: number
}

export const CHART = { width: 320, height: 160, left: 28, bottom: 28, top: 12, right: 8 }

export function niceMax(value: number) {
  if (value <= 5) return Math.max(1, Math.ceil(value))
  const magnitude = 10 ** Math.floor(Math.log10(value))
  return Math.ceil(value / magnitude) * magnitude
}

/** Vertical bars across the chart width. */
export function verticalBars(data: Datum[]) {
  const plotWidth = CHART.width - CHART.left - CHART.right
  const plotHeight = CHART.height - CHART.top - CHART.bottom
  const max = niceMax(Math.max(0, ...data.map((d) => d.value)))
  const slot = plotWidth / Math.max(1, data.length)
  return {
    max,
    baseline: CHART.height - CHART.bottom,
    bars: data.map((d, i) => {
      const height = (d.value / max) * plotHeight
      return {
        ...d,
        x: CHART.left + i * slot + slot * 0.15,
        width: slot * 0.7,
        y: CHART.height - CHART.bottom - height,
        height,
        center: CHART.left + i * slot + slot / 2,
      }
    }),
  }
}

/** Points of a line over the same slots as `verticalBars` (nulls leave gaps). */
export function linePoints(values: Array<number | null>, max: number) {
  const plotWidth = CHART.width - CHART.left - CHART.right
  const plotHeight = CHART.height - CHART.top - CHART.bottom
  const slot = plotWidth / Math.max(1, values.length)
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

/** Horizontal bars, one row each, for ranked lists. */
export function horizontalBars(data: Datum[]) {
  const max = niceMax(Math.max(0, ...data.map((d) => d.value)))
  return data.map((d, i) => ({ ...d, y: i * 28, width: Math.max(2, (d.value / max) * 180) }))
}
