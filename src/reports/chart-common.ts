/* Shared pieces of the report charts: palette, input hygiene, number formatting, title. */
import type { ChartCanvas, TextStyle } from './chart-canvas';

/**
 * The default series colours, in order. Each has at least 3:1 contrast against white
 * (WCAG 1.4.11 for graphical objects) and the six stay distinguishable for most readers.
 */
export const CHART_PALETTE = {
  blue: '#2f6fdf',
  orange: '#e8710a',
  green: '#1e8e3e',
  red: '#d93025',
  purple: '#8e44ad',
  grey: '#6b7280',
} as const;
export const PALETTE_ORDER: readonly string[] = Object.values(CHART_PALETTE);

export const INK = {
  title: '#111827',
  text: '#374151',
  muted: '#6b7280',
  grid: '#e5e7eb',
  axis: '#9ca3af',
} as const;

export const MAX_BARS = 40;
export const MIN_SIZE = 200;
export const MAX_SIZE = 1600;
/** Horizontal margin, and where the plot may start below the title. */
export const PAD = 16;
export const TITLE_BOTTOM = 36;

export const TITLE_STYLE: TextStyle = { size: 15, color: INK.title, bold: true };
export const LABEL_STYLE: TextStyle = { size: 12, color: INK.text };
const NO_DATA_STYLE: TextStyle = { size: 13, color: INK.muted };

/** A size from the caller (or the default when missing or not a number), kept in 200..1600. */
export function clampSize(value: number | undefined, fallback: number): number {
  const wanted = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  return Math.round(Math.min(MAX_SIZE, Math.max(MIN_SIZE, wanted)));
}

/** Negative, NaN and infinite values are drawn as 0: a chart cannot show them honestly. */
export function cleanValue(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** Labels come from ticket data: whitespace runs (newlines, tabs) become one space. */
export function cleanLabel(value: unknown): string {
  return String(value ?? '').replace(/\s+/g, ' ').trim();
}

/** A '#rgb' or '#rrggbb' colour as given, else the fallback (pureimage draws unknown ones black). */
export function cleanColor(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value) ? value : fallback;
}

export function checkCount(count: number, what: string): void {
  if (count > MAX_BARS) throw new RangeError(`a chart shows at most ${MAX_BARS} ${what}, got ${count}`);
}

/**
 * About three significant digits (2 decimals below 10, 1 below 100, none above) unless told;
 * thousands grouped with a no-break space, which reads the same in en, ro and ru.
 */
export function formatNumber(value: number, decimals?: number): string {
  const size = Math.abs(value);
  const places = decimals ?? (size >= 100 ? 0 : size >= 10 ? 1 : 2);
  const rounded = Math.round(value * 10 ** places) / 10 ** places;
  if (Math.abs(rounded) >= 1e15) return rounded.toExponential(2);
  const [whole, fraction] = Math.abs(rounded).toString().split('.');
  const grouped = whole.length > 4 ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0') : whole;
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

export function withUnit(text: string, unit: string | undefined): string {
  const u = cleanLabel(unit);
  if (u === '') return text;
  return u === '%' ? `${text}%` : `${text}\u00a0${u}`;
}

export interface Scale {
  max: number;
  step: number;
}

/** A round axis maximum and tick step (1, 2, 2.5 or 5 times a power of ten), at most five steps. */
export function niceScale(max: number, integers: boolean): Scale {
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const factor = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
  let step = factor * magnitude;
  // Counts get whole-number ticks: an axis reading "2.5 tickets" looks broken.
  if (integers) step = Math.max(1, Math.ceil(step));
  return { step, max: Math.ceil(max / step - 1e-9) * step };
}

/** The title, left-aligned on top and cut to the width. */
export function drawTitle(canvas: ChartCanvas, title: string): void {
  const text = canvas.fit(cleanLabel(title), canvas.width - 2 * PAD, TITLE_STYLE);
  canvas.text(text, PAD, 24, TITLE_STYLE);
}

/** The whole chart when there is nothing to plot: the title and a centred "no data". */
export async function noDataChart(canvas: ChartCanvas, title: string): Promise<Buffer> {
  drawTitle(canvas, title);
  const middle = Math.round((TITLE_BOTTOM + canvas.height) / 2);
  canvas.rect(PAD, middle + 14, canvas.width - 2 * PAD, 1, INK.grid);
  canvas.text('no data', canvas.width / 2, middle + 4, NO_DATA_STYLE, 'center');
  return canvas.toPng();
}
