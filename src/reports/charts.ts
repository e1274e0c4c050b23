/*
 * Charts for the managers' digest mails, rendered to PNG buffers to embed as inline images.
 * Pure JavaScript (pureimage + DejaVu Sans), so it runs wherever Node does, and deterministic:
 * the same spec gives byte-identical PNGs.
 */
import { drawBars } from './chart-bars';
import type { CleanBar } from './chart-bars';
import { ChartCanvas } from './chart-canvas';
import { drawColumns, drawLegend } from './chart-columns';
import type { ColumnSeries } from './chart-columns';
import {
  CHART_PALETTE, checkCount, clampSize, cleanColor, cleanLabel, cleanValue, drawTitle, noDataChart,
  PALETTE_ORDER, TITLE_BOTTOM,
} from './chart-common';

export { CHART_PALETTE };

export interface Bar {
  label: string;
  value: number;
  /** '#rrggbb' or '#rgb'; the palette's blue when missing or not such a colour. */
  color?: string;
}

export interface ChartSpec {
  title: string;
  bars: Bar[];
  width?: number;
  height?: number;
  /** Appended to printed values and axis ticks: '%' directly, anything else after a space. */
  unit?: string;
}

export interface GroupedChartSpec {
  title: string;
  labels: string[];
  /** Each series has one value per label; missing values count as 0, extra ones are ignored. */
  series: Array<{ name: string; color: string; values: number[] }>;
  width?: number;
  height?: number;
}

/*
 * Every chart: at most 40 bars, columns or labels (RangeError above); width and height are kept
 * within 200..1600; negative, NaN and infinite values are drawn as 0; no bars, or only zeros,
 * give the title and "no data".
 */

/**
 * Horizontal bars, a label on the left of each bar and its value at its end: for counts per
 * category, priority, agent. Default 600 x (40 + 28 per bar).
 */
export async function barChart(spec: ChartSpec): Promise<Buffer> {
  const bars = cleanBars(spec.bars);
  const canvas = new ChartCanvas(clampSize(spec.width, 600), clampSize(spec.height, 40 + 28 * bars.length));
  if (!bars.some((b) => b.value > 0)) return noDataChart(canvas, spec.title);
  drawTitle(canvas, spec.title);
  drawBars(canvas, bars, spec.unit);
  return canvas.toPng();
}

/** Vertical columns with labels under them: for 24 hours of the day or 7 days. Default 600 x 260. */
export async function columnChart(spec: ChartSpec): Promise<Buffer> {
  const bars = cleanBars(spec.bars);
  const canvas = new ChartCanvas(clampSize(spec.width, 600), clampSize(spec.height, 260));
  if (!bars.some((b) => b.value > 0)) return noDataChart(canvas, spec.title);
  drawTitle(canvas, spec.title);
  const series = [{ name: '', color: CHART_PALETTE.blue, values: bars.map((b) => b.value), colors: bars.map((b) => b.color) }];
  drawColumns(canvas, { labels: bars.map((b) => b.label), series, unit: spec.unit, top: TITLE_BOTTOM });
  return canvas.toPng();
}

/**
 * Several series side by side per label (e.g. new vs resolved per day, or met vs breached per
 * priority), with a legend on top. Default 600 x 280; at most 8 series.
 */
export async function groupedColumnChart(spec: GroupedChartSpec): Promise<Buffer> {
  const labels = (spec.labels ?? []).map(cleanLabel);
  checkCount(labels.length, 'labels');
  const series = cleanSeries(spec.series ?? [], labels.length);
  const canvas = new ChartCanvas(clampSize(spec.width, 600), clampSize(spec.height, 280));
  const hasData = series.some((s) => s.values.some((v) => v > 0));
  if (labels.length === 0 || !hasData) return noDataChart(canvas, spec.title);
  drawTitle(canvas, spec.title);
  const top = drawLegend(canvas, series, TITLE_BOTTOM);
  drawColumns(canvas, { labels, series, top });
  return canvas.toPng();
}

function cleanBars(bars: Bar[] | undefined): CleanBar[] {
  const list = bars ?? [];
  checkCount(list.length, 'bars');
  return list.map((b) => ({
    label: cleanLabel(b?.label),
    value: cleanValue(b?.value),
    color: cleanColor(b?.color, CHART_PALETTE.blue),
  }));
}

const MAX_SERIES = 8;

function cleanSeries(series: GroupedChartSpec['series'], labelCount: number): ColumnSeries[] {
  if (series.length > MAX_SERIES) {
    throw new RangeError(`a grouped chart shows at most ${MAX_SERIES} series, got ${series.length}`);
  }
  const given = series.map((s) => cleanColor(s?.color, '').toLowerCase());
  // A series without a usable colour takes a palette colour that no other series uses.
  const spare = PALETTE_ORDER.filter((c) => !given.includes(c));
  let nextSpare = 0;
  return series.map((s, i) => ({
    name: cleanLabel(s?.name),
    color: given[i] || (spare[nextSpare++] ?? PALETTE_ORDER[i % PALETTE_ORDER.length]),
    values: Array.from({ length: labelCount }, (_, j) => cleanValue(s?.values?.[j])),
  }));
}
