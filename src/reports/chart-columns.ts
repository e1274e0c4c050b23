/* Vertical columns over a value axis, one series or several side by side per label. */
import type { ChartCanvas } from './chart-canvas';
import { formatNumber, INK, LABEL_STYLE, niceScale, PAD, withUnit } from './chart-common';
import type { Scale } from './chart-common';

export interface ColumnSeries {
  name: string;
  color: string;
  /** Clean values (finite, >= 0), one per label. */
  values: number[];
  /** Per-value colours overriding color (a single-series chart colours each column). */
  colors?: string[];
}

export interface ColumnLayout {
  labels: string[];
  series: ColumnSeries[];
  unit?: string;
  /** Where the plot may start: below the title, or below the legend. */
  top: number;
}

interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
  scale: Scale;
  ticks: number[];
}

/** Room above the plot for the value printed over the tallest column. */
const VALUE_ROOM = 18;
/** Room below the plot for the labels. */
const LABEL_ROOM = 28;
/** A label may be cut down to about this width before labels are thinned out instead. */
const MIN_LABEL_WIDTH = 48;
const LEGEND_ROW = 20;

/** Draws the axis, the columns, their values and labels; the caller checked there is data. */
export function drawColumns(canvas: ChartCanvas, layout: ColumnLayout): void {
  const plot = makePlot(canvas, layout);
  drawGrid(canvas, plot, layout.unit);
  drawBodies(canvas, plot, layout);
  drawLabels(canvas, plot, layout.labels);
}

/** A row (or rows, when it wraps) of colour swatches and series names; returns its bottom. */
export function drawLegend(canvas: ChartCanvas, series: ColumnSeries[], top: number): number {
  let x = PAD;
  let y = top;
  for (const item of series) {
    const name = canvas.fit(item.name, canvas.width / 2, LABEL_STYLE);
    const width = 16 + canvas.measure(name, LABEL_STYLE);
    if (x > PAD && x + width > canvas.width - PAD) {
      x = PAD;
      y += LEGEND_ROW;
    }
    canvas.rect(x, y + 4, 11, 11, item.color);
    canvas.text(name, x + 16, y + 14, LABEL_STYLE);
    x += width + 18;
  }
  return y + LEGEND_ROW;
}

function makePlot(canvas: ChartCanvas, layout: ColumnLayout): Plot {
  const values = layout.series.flatMap((s) => s.values);
  const scale = niceScale(Math.max(...values), values.every(Number.isInteger));
  const ticks: number[] = [];
  for (let i = 0; i * scale.step <= scale.max + 1e-9; i++) ticks.push(i * scale.step);
  const tickWidth = Math.max(...ticks.map((t) => canvas.measure(tickText(t, scale.step, layout.unit), LABEL_STYLE)));
  return {
    left: Math.round(PAD + tickWidth + 8),
    right: canvas.width - PAD,
    top: layout.top + VALUE_ROOM,
    bottom: canvas.height - LABEL_ROOM,
    scale,
    ticks,
  };
}

function tickText(value: number, step: number, unit: string | undefined): string {
  return withUnit(formatNumber(value, decimalsOf(step)), unit);
}

/** The decimals a tick step needs: 0.25 needs 2, where values get them by magnitude. */
function decimalsOf(step: number): number {
  let decimals = 0;
  while (decimals < 6 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6) decimals++;
  return decimals;
}

function yOf(plot: Plot, value: number): number {
  return plot.bottom - (value / plot.scale.max) * (plot.bottom - plot.top);
}

/** Light grid lines with their values on the left; the zero line is the darker baseline. */
function drawGrid(canvas: ChartCanvas, plot: Plot, unit: string | undefined): void {
  for (const tick of plot.ticks) {
    const y = Math.round(yOf(plot, tick));
    canvas.rect(plot.left, y, plot.right - plot.left, 1, tick === 0 ? INK.axis : INK.grid);
    canvas.text(tickText(tick, plot.scale.step, unit), plot.left - 8, y + 4, { ...LABEL_STYLE, color: INK.muted }, 'right');
  }
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

interface Column {
  box: Box;
  value: number;
  color: string;
}

/** The columns, then their values: each above its column where it collides with nothing. */
function drawBodies(canvas: ChartCanvas, plot: Plot, layout: ColumnLayout): void {
  const columns = placeColumns(plot, layout);
  for (const { box, color } of columns) canvas.rect(box.left, box.top, box.right - box.left, box.bottom - box.top, color);
  // Narrow columns cannot all carry their value; the ones that would cover a neighbouring
  // column or value are left out, and the grid still gives the scale.
  const taken = columns.map((c) => c.box);
  columns.forEach((column, i) => {
    const text = formatNumber(column.value);
    const centre = (column.box.left + column.box.right) / 2;
    const half = canvas.measure(text, LABEL_STYLE) / 2;
    const box = { left: centre - half - 1, right: centre + half + 1, top: column.box.top - 14, bottom: column.box.top - 2 };
    if (box.left < 0 || box.right > canvas.width) return;
    if (taken.some((other, k) => k !== i && intersects(box, other))) return;
    canvas.text(text, centre, column.box.top - 4, LABEL_STYLE, 'center');
    taken.push(box);
  });
}

/** Column rectangles in whole pixels, label by label, series side by side within a label. */
function placeColumns(plot: Plot, layout: ColumnLayout): Column[] {
  const pitch = (plot.right - plot.left) / layout.labels.length;
  const count = layout.series.length;
  const groupWidth = Math.min(pitch * (count === 1 ? 0.7 : 0.82), count * 48);
  const width = groupWidth / count;
  // A hairline between touching columns of a group keeps same-height neighbours apart.
  const gap = count > 1 && width >= 6 ? 1 : 0;
  return layout.labels.flatMap((_, i) =>
    layout.series.map((series, j) => {
      const value = series.values[i];
      const x = plot.left + i * pitch + (pitch - groupWidth) / 2 + j * width;
      const height = value > 0 ? Math.max(1, plot.bottom - yOf(plot, value)) : 0;
      const box = {
        left: Math.round(x),
        right: Math.round(x + width - gap),
        top: Math.round(plot.bottom - height),
        bottom: plot.bottom,
      };
      return { box, value, color: series.colors?.[i] ?? series.color };
    }),
  );
}

function intersects(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** Labels centred under their columns; when they cannot fit, every n-th label is shown. */
function drawLabels(canvas: ChartCanvas, plot: Plot, labels: string[]): void {
  const pitch = (plot.right - plot.left) / labels.length;
  const widest = Math.max(...labels.map((l) => canvas.measure(l, LABEL_STYLE)));
  const every = Math.max(1, Math.ceil((Math.min(widest, MIN_LABEL_WIDTH) + 6) / pitch));
  for (let i = 0; i < labels.length; i += every) {
    const text = canvas.fit(labels[i], every * pitch - 6, LABEL_STYLE);
    canvas.text(text, plot.left + (i + 0.5) * pitch, plot.bottom + 18, LABEL_STYLE, 'center');
  }
}
