/*
 * The part of pureimage 0.4.x that the chart renderer uses.
 * pureimage ships its own declarations, but as an ES module ("type": "module"), which a
 * CommonJS project under node16 resolution may not import; the package's main entry is a
 * CommonJS build, so the renderer loads it with require and types it with these interfaces.
 */
import type { Writable } from 'node:stream';

/** An RGBA raster: data holds width * height * 4 bytes, row by row. */
export interface PureBitmap {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  getContext(kind: '2d'): PureContext;
}

/** The subset of the canvas 2D API that pureimage implements and the charts use. */
export interface PureContext {
  fillStyle: string;
  /** "<size>px <registered family>" */
  font: string;
  textAlign: 'start' | 'end' | 'left' | 'right' | 'center';
  textBaseline: 'top' | 'middle' | 'alphabetic' | 'bottom';
  fillRect(x: number, y: number, width: number, height: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
}

export interface PureFont {
  loadSync(): PureFont;
}

export interface PureImageModule {
  make(width: number, height: number): PureBitmap;
  registerFont(path: string, family: string): PureFont;
  encodePNGToStream(bitmap: PureBitmap, out: Writable): Promise<void>;
}
