/**
 * The Prometheus text exposition format, version 0.0.4: pure rendering, no I/O.
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 */

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface Sample {
  labels?: Readonly<Record<string, string>>;
  value: number;
  /** For a summary: which series of the family this sample is. */
  suffix?: '_sum' | '_count';
}

/** Cumulative families: counters (named `…_total`) and quantile-less summaries. */
export interface CounterFamily {
  name: string;
  help: string;
  type?: 'counter' | 'summary';
  samples: readonly Sample[];
}

/** Values computed at scrape time, free to go up and down. */
export interface GaugeFamily {
  name: string;
  help: string;
  samples: readonly Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Names starting with `__` are reserved for Prometheus itself. */
const LABEL_NAME = /^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * One HELP and one TYPE line per family, then its samples. Counters get
 * `_total` if their name lacks it. Names come from code, never from input, so
 * an invalid one is a bug and throws; label values may be anything and are
 * escaped.
 */
export function renderMetrics(counters: readonly CounterFamily[], gauges: readonly GaugeFamily[]): string {
  const blocks = [
    ...counters.map((f) => {
      const type = f.type ?? 'counter';
      const name = type === 'counter' && !f.name.endsWith('_total') ? `${f.name}_total` : f.name;
      return renderFamily(name, f.help, type, f.samples);
    }),
    ...gauges.map((f) => renderFamily(f.name, f.help, 'gauge', f.samples)),
  ];
  return blocks.join('');
}

function renderFamily(name: string, help: string, type: string, samples: readonly Sample[]): string {
  if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name ${JSON.stringify(name)}`);
  const lines = [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`];
  for (const s of samples) {
    const sampleName = type === 'summary' ? `${name}${s.suffix ?? ''}` : name;
    lines.push(`${sampleName}${renderLabels(s.labels)} ${formatValue(s.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

function renderLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  const parts = entries.map(([k, v]) => {
    if (!LABEL_NAME.test(k)) throw new Error(`invalid label name ${JSON.stringify(k)}`);
    return `${k}="${escapeLabelValue(String(v))}"`;
  });
  return `{${parts.join(',')}}`;
}

/** In label values: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** In HELP text: backslash and line feed only (quotes stay as they are). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Go's ParseFloat spellings for the special values; JavaScript's String() for the rest (it round-trips). */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
