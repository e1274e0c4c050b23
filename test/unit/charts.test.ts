import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { ChartCanvas } from '../../src/reports/chart-canvas';
import { formatNumber, LABEL_STYLE } from '../../src/reports/chart-common';
import { barChart, CHART_PALETTE, columnChart, groupedColumnChart } from '../../src/reports/charts';
import type { Bar } from '../../src/reports/charts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which a valid PNG has first, right after the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE, 'PNG signature');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * The top-left pixel, whatever the row filter: on the first row every PNG filter leaves the
 * first pixel's bytes as they are. Checks colour type 6 (RGBA, 8 bits) on the way.
 */
function firstPixel(png: Buffer): number[] {
  assert.equal(png[24], 8, 'bit depth');
  assert.equal(png[25], 6, 'colour type RGBA');
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return [...inflateSync(Buffer.concat(idat)).subarray(1, 5)];
}

function bars(count: number, label = (i: number) => `Category ${i}`): Bar[] {
  return Array.from({ length: count }, (_, i) => ({ label: label(i), value: (i * 7) % 11 + 1 }));
}

const HOURS: Bar[] = Array.from({ length: 24 }, (_, h) => ({ label: String(h).padStart(2, '0'), value: (h * 13) % 29 }));
const WEEK = {
  title: 'New vs resolved per day',
  labels: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  series: [
    { name: 'new', color: CHART_PALETTE.blue, values: [34, 41, 29, 38, 45, 8, 5] },
    { name: 'resolved', color: CHART_PALETTE.green, values: [30, 39, 35, 33, 40, 12, 3] },
  ],
};

describe('report charts', function () {
  // Generous: a 1600 px chart on a busy CI machine; the speed itself is checked below.
  this.timeout(10_000);

  // The first chart of the process loads pureimage and parses the fonts.
  before(async function () {
    this.timeout(10_000);
    await barChart({ title: 'warm-up', bars: bars(1) });
  });

  describe('size', () => {
    it('draws a PNG of the default sizes: bars 600 x (40 + 28 per bar), columns 600 x 260', async () => {
      assert.deepEqual(pngSize(await barChart({ title: 'Per agent', bars: bars(10) })), { width: 600, height: 320 });
      assert.deepEqual(pngSize(await columnChart({ title: 'Per hour', bars: HOURS })), { width: 600, height: 260 });
      assert.deepEqual(pngSize(await groupedColumnChart(WEEK)), { width: 600, height: 280 });
    });

    it('honours a given size and keeps width and height within 200..1600', async () => {
      assert.deepEqual(pngSize(await columnChart({ title: 't', bars: HOURS, width: 720, height: 300 })), { width: 720, height: 300 });
      assert.deepEqual(pngSize(await barChart({ title: 't', bars: bars(2), width: 50, height: 5000 })), { width: 200, height: 1600 });
      assert.deepEqual(pngSize(await groupedColumnChart({ ...WEEK, width: 1e6, height: Number.NaN })), { width: 1600, height: 280 });
      assert.deepEqual(pngSize(await barChart({ title: 't', bars: bars(2) })), { width: 600, height: 200 });
    });

    it('has a white background', async () => {
      assert.deepEqual(firstPixel(await columnChart({ title: 'Per hour', bars: HOURS })), [255, 255, 255, 255]);
      assert.deepEqual(firstPixel(await barChart({ title: 'Per agent', bars: bars(3) })), [255, 255, 255, 255]);
    });

    it('keeps a 24-column chart under 60 KB', async () => {
      const png = await columnChart({ title: 'New tickets by hour of day', bars: HOURS });
      assert.ok(png.length < 60_000, `${png.length} bytes`);
    });
  });

  describe('determinism', () => {
    it('gives byte-identical PNGs for the same spec', async () => {
      const spec = { title: 'Open by priority', unit: 'tickets', bars: bars(4) };
      assert.deepEqual(await barChart(spec), await barChart(spec));
      assert.deepEqual(await columnChart({ title: 'Per hour', bars: HOURS }), await columnChart({ title: 'Per hour', bars: HOURS }));
      assert.deepEqual(await groupedColumnChart(WEEK), await groupedColumnChart(WEEK));
    });

    it('draws different data differently', async () => {
      const other = HOURS.map((b, i) => (i === 5 ? { ...b, value: b.value + 3 } : b));
      assert.notDeepEqual(await columnChart({ title: 'Per hour', bars: HOURS }), await columnChart({ title: 'Per hour', bars: other }));
    });
  });

  describe('empty and bad data', () => {
    it('draws the title and "no data" for no bars, and the same for only zeros', async () => {
      const none = await barChart({ title: 'Breaches per agent', bars: [] });
      assert.deepEqual(pngSize(none), { width: 600, height: 200 });
      const zeros = await barChart({ title: 'Breaches per agent', bars: [{ label: 'Ana', value: 0 }, { label: 'Ion', value: 0 }] });
      assert.deepEqual(zeros, none);
      const zeroHours = HOURS.map((b) => ({ ...b, value: 0 }));
      assert.deepEqual(await columnChart({ title: 'Per hour', bars: zeroHours }), await columnChart({ title: 'Per hour', bars: [] }));
    });

    it('draws a grouped chart without labels, series or non-zero values as "no data"', async () => {
      const none = await groupedColumnChart({ title: 'Met vs breached', labels: [], series: [] });
      assert.deepEqual(pngSize(none), { width: 600, height: 280 });
      const zeros = await groupedColumnChart({ ...WEEK, series: WEEK.series.map((s) => ({ ...s, values: s.values.map(() => 0) })) });
      assert.deepEqual(zeros, await groupedColumnChart({ ...WEEK, series: [] }));
    });

    it('treats negative, NaN and infinite values as 0', async () => {
      const bad = [{ label: 'a', value: -4 }, { label: 'b', value: Number.NaN }, { label: 'c', value: 5 }, { label: 'd', value: Infinity }];
      const clean = [{ label: 'a', value: 0 }, { label: 'b', value: 0 }, { label: 'c', value: 5 }, { label: 'd', value: 0 }];
      assert.deepEqual(await barChart({ title: 't', bars: bad }), await barChart({ title: 't', bars: clean }));
      assert.deepEqual(await columnChart({ title: 't', bars: bad }), await columnChart({ title: 't', bars: clean }));
      const series = [{ name: 's', color: '#2f6fdf', values: [-1, Number.NaN, 3] }];
      const cleanSeries = [{ name: 's', color: '#2f6fdf', values: [0, 0, 3] }];
      const labels = ['x', 'y', 'z'];
      assert.deepEqual(await groupedColumnChart({ title: 't', labels, series }), await groupedColumnChart({ title: 't', labels, series: cleanSeries }));
    });

    it('survives a colour it cannot read and missing series values', async () => {
      const png = await groupedColumnChart({ ...WEEK, series: [{ name: 'odd', color: 'papayawhip?', values: [1, 2] }, ...WEEK.series] });
      assert.deepEqual(pngSize(png), { width: 600, height: 280 });
      assert.ok((await barChart({ title: 't', bars: [{ label: 'x', value: 1, color: 'rgb(1,2,3' }] })).length > 0);
    });
  });

  describe('labels', () => {
    it('renders Russian and Romanian labels, differently from ASCII ones', async () => {
      const local = ['программное обеспечение', 'rețea', 'întrerupere', 'Заявки за неделю', 'Tichete închise'];
      const ascii = ['software', 'retea', 'intrerupere', 'Tickets per week', 'Closed tickets'];
      const spec = (labels: string[]) => ({ title: labels[3], bars: labels.map((label, i) => ({ label, value: i + 1 })) });
      assert.notDeepEqual(await barChart(spec(local)), await barChart(spec(ascii)));
      assert.notDeepEqual(await columnChart(spec(local)), await columnChart(spec(ascii)));
      const grouped = (labels: string[]) => ({ title: labels[4], labels: labels.slice(0, 3), series: [{ name: labels[0], color: '#e8710a', values: [1, 2, 3] }] });
      assert.notDeepEqual(await groupedColumnChart(grouped(local)), await groupedColumnChart(grouped(ascii)));
    });

    it('cuts a label that does not fit with an ellipsis', () => {
      const canvas = new ChartCanvas(200, 200);
      const long = 'întreruperea serviciului de poștă electronică pentru toți clienții';
      const cut = canvas.fit(long, 120, LABEL_STYLE);
      assert.ok(cut.endsWith('…') && cut.length < long.length, cut);
      assert.ok(canvas.measure(cut, LABEL_STYLE) <= 120);
      assert.ok(long.startsWith(cut.slice(0, -1)));
      assert.equal(canvas.fit('rețea', 120, LABEL_STYLE), 'rețea');
      assert.equal(canvas.fit('программное обеспечение', 2, LABEL_STYLE), '');
    });

    it('draws very long labels and titles without failing', async () => {
      const long = 'программное обеспечение для учёта заявок и инцидентов в филиалах '.repeat(4);
      const specs = { title: long, unit: 'tickets', bars: bars(5, () => long) };
      assert.equal(pngSize(await barChart(specs)).width, 600);
      assert.equal(pngSize(await columnChart(specs)).width, 600);
    });

    it('formats values with about three significant digits and grouped thousands', () => {
      assert.equal(formatNumber(3.14159), '3.14');
      assert.equal(formatNumber(16.333), '16.3');
      assert.equal(formatNumber(155.5), '156');
      assert.equal(formatNumber(1234), '1234');
      assert.equal(formatNumber(12345), '12\u00a0345');
      assert.equal(formatNumber(0.025, 3), '0.025');
    });
  });

  describe('limits', () => {
    it('draws 40 bars, columns or labels and refuses 41 with a RangeError', async () => {
      assert.equal(pngSize(await barChart({ title: 't', bars: bars(40) })).height, 40 + 28 * 40);
      assert.equal(pngSize(await columnChart({ title: 't', bars: bars(40) })).width, 600);
      const labels = bars(40).map((b) => b.label);
      const series = [{ name: 's', color: '#2f6fdf', values: labels.map((_, i) => i) }];
      assert.equal(pngSize(await groupedColumnChart({ title: 't', labels, series })).width, 600);
      await assert.rejects(barChart({ title: 't', bars: bars(41) }), RangeError);
      await assert.rejects(columnChart({ title: 't', bars: bars(41) }), RangeError);
      await assert.rejects(groupedColumnChart({ title: 't', labels: [...labels, 'one more'], series }), RangeError);
    });

    it('renders 10 charts in well under 2 s', async function () {
      this.timeout(10_000);
      const start = process.hrtime.bigint();
      for (let i = 0; i < 4; i++) await columnChart({ title: `Per hour ${i}`, bars: HOURS });
      for (let i = 0; i < 3; i++) await barChart({ title: `Per agent ${i}`, bars: bars(8) });
      for (let i = 0; i < 3; i++) await groupedColumnChart({ ...WEEK, title: `Week ${i}` });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      assert.ok(ms < 2000, `${ms.toFixed(0)} ms`);
    });
  });

  it('has a palette with at least 3:1 contrast against white', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const [name, color] of Object.entries(CHART_PALETTE)) {
      const contrast = 1.05 / (luminance(color) + 0.05);
      assert.ok(contrast >= 3, `${name} ${color}: ${contrast.toFixed(2)}`);
    }
  });
});
