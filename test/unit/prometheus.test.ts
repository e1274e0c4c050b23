import { strict as assert } from 'node:assert';
import { escapeHelp, escapeLabelValue, formatValue, renderMetrics } from '../../src/web/prometheus';
import { parseHash, seriesField } from '../../src/workers/redis-metrics';

describe('prometheus text format 0.0.4', () => {
  it('renders HELP and TYPE once per family, then its samples', () => {
    const text = renderMetrics(
      [{ name: 'mails_ingested_total', help: 'Mails stored.', samples: [{ labels: { mailbox: 'a@x' }, value: 3 }, { labels: { mailbox: 'b@x' }, value: 1 }] }],
      [{ name: 'ticketgate_up', help: 'Up.', samples: [{ labels: { role: 'worker' }, value: 1 }] }],
    );
    assert.equal(text, [
      '# HELP mails_ingested_total Mails stored.',
      '# TYPE mails_ingested_total counter',
      'mails_ingested_total{mailbox="a@x"} 3',
      'mails_ingested_total{mailbox="b@x"} 1',
      '# HELP ticketgate_up Up.',
      '# TYPE ticketgate_up gauge',
      'ticketgate_up{role="worker"} 1',
      '',
    ].join('\n'));
  });

  it('gives a counter its _total suffix when the name lacks it', () => {
    const text = renderMetrics([{ name: 'escalations', help: 'h', samples: [{ value: 2 }] }], []);
    assert.match(text, /^# HELP escalations_total h\n# TYPE escalations_total counter\nescalations_total 2\n$/);
  });

  it('renders a summary as _sum and _count series under one TYPE line', () => {
    const text = renderMetrics([{
      name: 'ingest_lag_seconds',
      help: 'Lag.',
      type: 'summary',
      samples: [{ labels: { mailbox: 'a@x' }, value: 4.5, suffix: '_sum' }, { labels: { mailbox: 'a@x' }, value: 3, suffix: '_count' }],
    }], []);
    assert.equal(text, '# HELP ingest_lag_seconds Lag.\n# TYPE ingest_lag_seconds summary\ningest_lag_seconds_sum{mailbox="a@x"} 4.5\ningest_lag_seconds_count{mailbox="a@x"} 3\n');
  });

  it('escapes backslash, double quote and newline in label values', () => {
    assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
    const text = renderMetrics([], [{ name: 'g', help: 'h', samples: [{ labels: { reason: 'say "hi"\\\nbye' }, value: 1 }] }]);
    assert.ok(text.includes('g{reason="say \\"hi\\"\\\\\\nbye"} 1\n'), text);
    assert.equal(text.split('\n').length, 4, 'a newline in a value never breaks the line');
  });

  it('escapes backslash and newline in HELP text but leaves quotes', () => {
    assert.equal(escapeHelp('a "b" c\\d\ne'), 'a "b" c\\\\d\\ne');
    assert.match(renderMetrics([], [{ name: 'g', help: 'one\ntwo', samples: [] }]), /^# HELP g one\\ntwo\n# TYPE g gauge\n$/);
  });

  it('spells special values as Prometheus parses them', () => {
    assert.deepEqual([NaN, Infinity, -Infinity, 0, 1.25, 1e21].map(formatValue), ['NaN', '+Inf', '-Inf', '0', '1.25', '1e+21']);
  });

  it('rejects metric and label names that are not valid (a bug, not input)', () => {
    assert.throws(() => renderMetrics([], [{ name: 'bad-name', help: 'h', samples: [] }]), /invalid metric name/);
    assert.throws(() => renderMetrics([], [{ name: 'g', help: 'h', samples: [{ labels: { 'a-b': 'x' }, value: 1 }] }]), /invalid label name/);
    assert.throws(() => renderMetrics([], [{ name: 'g', help: 'h', samples: [{ labels: { __name__: 'x' }, value: 1 }] }]), /invalid label name/);
  });
});

describe('metric series fields in the Redis hash', () => {
  it('is one field per series whatever the label order, and parses back', () => {
    const a = seriesField('sla_breaches_total', { priority: 'high', kind: 'resolution' });
    const b = seriesField('sla_breaches_total', { kind: 'resolution', priority: 'high' });
    assert.equal(a, b);
    assert.deepEqual(parseHash({ [a]: '7' }), [{ name: 'sla_breaches_total', labels: { kind: 'resolution', priority: 'high' }, value: 7 }]);
  });

  it('skips unknown names, malformed fields and values that are not numbers', () => {
    const parsed = parseHash({
      [seriesField('unknown_total', {})]: '1',
      'not json': '1',
      [JSON.stringify(['jobs_failed_total', [['bad-label', 'x']]])]: '1',
      [seriesField('jobs_failed_total', { queue: 'send' })]: 'abc',
      [seriesField('ingest_lag_seconds_sum', { mailbox: 'a@x' })]: '2.5',
    });
    assert.deepEqual(parsed, [{ name: 'ingest_lag_seconds_sum', labels: { mailbox: 'a@x' }, value: 2.5 }]);
  });
});
