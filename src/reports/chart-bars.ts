/* Horizontal bars: a label left of each bar, its value just past its end. */
import type { ChartCanvas, TextStyle } from './chart-canvas';
import { formatNumber, INK, LABEL_STYLE, PAD, TITLE_BOTTOM, withUnit } from './chart-common';

export interface CleanBar {
  label: string;
  /** Finite and >= 0. */
  value: number;
  color: string;
}

interface Rows {
  top: number;
  pitch: number;
  thickness: number;
  style: TextStyle;
}

/** Rows never get taller than this, so a few bars on a tall image stay a compact block. */
const MAX_PITCH = 34;
const BOTTOM = 6;
/** The bars keep at least this share of the width, whatever the labels and values need. */
const MIN_BAR_SHARE = 0.25;

/** Draws the bars; the caller checked that at least one value is above zero. */
export function drawBars(canvas: ChartCanvas, bars: CleanBar[], unit: string | undefined): void {
  const rows = rowLayout(canvas.height, bars.length);
  const values = bars.map((b) => withUnit(formatNumber(b.value), unit));
  const valueWidth = Math.max(...values.map((v) => canvas.measure(v, rows.style)));
  const labelWidth = labelColumn(canvas, bars, valueWidth, rows.style);
  const axis = Math.round(PAD + labelWidth + 8);
  const room = Math.max(1, canvas.width - PAD - valueWidth - 6 - axis);
  const max = Math.max(...bars.map((b) => b.value));
  const baselineShift = Math.round(rows.style.size * 0.36);
  bars.forEach((bar, i) => {
    const middle = rows.top + (i + 0.5) * rows.pitch;
    const length = bar.value > 0 ? Math.max(1, (bar.value / max) * room) : 0;
    canvas.text(canvas.fit(bar.label, labelWidth, rows.style), axis - 8, middle + baselineShift, rows.style, 'right');
    canvas.rect(axis, middle - rows.thickness / 2, length, rows.thickness, bar.color);
    canvas.text(values[i], axis + Math.round(length) + 6, middle + baselineShift, rows.style);
  });
  canvas.rect(axis - 1, rows.top, 1, rows.pitch * bars.length, INK.axis);
}

/**
 * Rows share the height below the title, as a block centred in it; on a height too small for
 * the bar count the text shrinks (down to 8 px) rather than overlapping the next row.
 */
function rowLayout(height: number, count: number): Rows {
  const available = height - TITLE_BOTTOM - 2 - BOTTOM;
  const pitch = Math.min(MAX_PITCH, available / count);
  const top = TITLE_BOTTOM + 2 + (available - pitch * count) / 2;
  return {
    top,
    pitch,
    thickness: Math.min(22, Math.max(2, Math.round(pitch * 0.66))),
    style: { ...LABEL_STYLE, size: Math.min(LABEL_STYLE.size, Math.max(8, Math.floor(pitch * 0.8))) },
  };
}

/** The label column: as wide as the widest label, up to 35% of the chart, never crowding out the bars. */
function labelColumn(canvas: ChartCanvas, bars: CleanBar[], valueWidth: number, style: TextStyle): number {
  const widest = Math.max(...bars.map((b) => canvas.measure(b.label, style)));
  const spare = canvas.width - 2 * PAD - 14 - valueWidth - canvas.width * MIN_BAR_SHARE;
  return Math.max(0, Math.min(widest, canvas.width * 0.35, spare));
}
