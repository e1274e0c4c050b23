/*
 * A small drawing surface for the report charts on top of pureimage (pure JavaScript, no native
 * modules), with the DejaVu Sans fonts, which cover Latin, Romanian diacritics and Cyrillic.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { PureBitmap, PureContext, PureImageModule } from './pureimage';

/*
 * Everything is drawn at twice the output size and averaged down at the end: pureimage
 * anti-aliases edges only horizontally, which leaves 12 px text visibly jagged.
 */
const SUPERSAMPLE = 2;
const REGULAR = 'TicketgateChartSans';
const BOLD = 'TicketgateChartSansBold';

export type Align = 'left' | 'center' | 'right';
export interface TextStyle {
  size: number;
  color: string;
  bold?: boolean;
}

const requireCjs = createRequire(__filename);
let engine: PureImageModule | undefined;

/**
 * pureimage and the fonts (~1.4 MB of TrueType to parse) are loaded on the first chart only,
 * and once per process: pureimage keeps registered fonts in a process-wide table.
 */
function loadEngine(): PureImageModule {
  if (engine) return engine;
  const pure = requireCjs('pureimage') as PureImageModule;
  const fonts = path.join(path.dirname(requireCjs.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  pure.registerFont(path.join(fonts, 'DejaVuSans.ttf'), REGULAR).loadSync();
  pure.registerFont(path.join(fonts, 'DejaVuSans-Bold.ttf'), BOLD).loadSync();
  engine = pure;
  return pure;
}

/** A white canvas addressed in output pixels; rectangles snap to whole pixels for crisp edges. */
export class ChartCanvas {
  private readonly pure: PureImageModule;
  private readonly bitmap: PureBitmap;
  private readonly ctx: PureContext;

  constructor(readonly width: number, readonly height: number) {
    this.pure = loadEngine();
    this.bitmap = this.pure.make(width * SUPERSAMPLE, height * SUPERSAMPLE);
    // Opaque white in one pass: much faster than a fillRect over every pixel.
    this.bitmap.data.fill(255);
    this.ctx = this.bitmap.getContext('2d');
  }

  /**
   * Fills the rectangle whose edges, rounded to whole pixels, are x..x+w and y..y+h, with an
   * opaque '#rgb' or '#rrggbb' colour. Written straight into the pixels: pureimage's fillRect
   * costs several calls per pixel, and these rectangles never need blending.
   */
  rect(x: number, y: number, w: number, h: number, color: string): void {
    const s = SUPERSAMPLE;
    const left = Math.max(0, Math.round(x)) * s;
    const top = Math.max(0, Math.round(y)) * s;
    const right = Math.min(this.width, Math.round(x + w)) * s;
    const bottom = Math.min(this.height, Math.round(y + h)) * s;
    if (right <= left || bottom <= top) return;
    const [r, g, b] = rgb(color);
    const { data, width } = this.bitmap;
    for (let row = top; row < bottom; row++) {
      for (let i = (row * width + left) * 4, end = (row * width + right) * 4; i < end; i += 4) {
        data[i] = r;
        data[i + 1] = g;
        data[i + 2] = b;
        data[i + 3] = 255;
      }
    }
  }

  /** Draws text with its baseline at y; x is its left end, centre or right end as aligned. */
  text(value: string, x: number, y: number, style: TextStyle, align: Align = 'left'): void {
    if (value === '') return;
    this.useFont(style);
    this.ctx.fillStyle = style.color;
    this.ctx.textAlign = align;
    this.ctx.textBaseline = 'alphabetic';
    this.ctx.fillText(value, Math.round(x) * SUPERSAMPLE, Math.round(y) * SUPERSAMPLE);
  }

  /** The advance width of the text in output pixels. */
  measure(value: string, style: TextStyle): number {
    if (value === '') return 0;
    this.useFont(style);
    return this.ctx.measureText(value).width / SUPERSAMPLE;
  }

  /** The text itself when it fits in maxWidth, else its longest prefix that fits with an ellipsis. */
  fit(value: string, maxWidth: number, style: TextStyle): string {
    if (this.measure(value, style) <= maxWidth) return value;
    // Code points, not UTF-16 units, so a cut never splits a surrogate pair.
    const chars = Array.from(value);
    let lo = 0;
    let hi = chars.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.measure(ellipsized(chars, mid), style) <= maxWidth) lo = mid;
      else hi = mid - 1;
    }
    const cut = ellipsized(chars, lo);
    return this.measure(cut, style) <= maxWidth ? cut : '';
  }

  /** Averages the supersampled pixels down to the output size and encodes a PNG. */
  async toPng(): Promise<Buffer> {
    const out = this.pure.make(this.width, this.height);
    downsample(this.bitmap, out);
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    await this.pure.encodePNGToStream(out, sink);
    return Buffer.concat(chunks);
  }

  private useFont(style: TextStyle): void {
    this.ctx.font = `${style.size * SUPERSAMPLE}px ${style.bold ? BOLD : REGULAR}`;
  }
}

function ellipsized(chars: string[], count: number): string {
  return `${chars.slice(0, count).join('').trimEnd()}…`;
}

/** '#rgb' or '#rrggbb' (the callers check the form) as red, green, blue bytes. */
function rgb(color: string): [number, number, number] {
  const hex = color.length === 4 ? Array.from(color.slice(1), (c) => c + c).join('') : color.slice(1);
  const n = parseInt(hex, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Box filter: each output pixel is the mean of its 2 x 2 source pixels (SUPERSAMPLE is 2). */
function downsample(src: PureBitmap, dst: PureBitmap): void {
  const from = src.data;
  const to = dst.data;
  const rowBytes = src.width * 4;
  for (let y = 0; y < dst.height; y++) {
    let o = y * dst.width * 4;
    let i = 2 * y * rowBytes;
    for (let x = 0; x < dst.width; x++, o += 4, i += 8) {
      for (let c = 0; c < 4; c++) {
        const j = i + c;
        to[o + c] = (from[j] + from[j + 4] + from[j + rowBytes] + from[j + rowBytes + 4] + 2) >> 2;
      }
    }
  }
}
