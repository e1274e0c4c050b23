import assert from 'node:assert/strict';
import { automaticHeaders, baseSubject, outboundMessageId, replyReferences } from '../../src/domain/outbound';

/** RFC 5322 section 3.6.4 msg-id without the brackets: dot-atom-text "@" dot-atom-text. */
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOT_ATOM = `${ATEXT}(?:\\.${ATEXT})*`;
const MSG_ID = new RegExp(`^${DOT_ATOM}@${DOT_ATOM}$`);

describe('outbound', () => {
  describe('outboundMessageId', () => {
    it('is deterministic for one key', () => {
      const a = outboundMessageId('ack:TG-000123', 'acme.example');
      assert.equal(outboundMessageId('ack:TG-000123', 'acme.example'), a);
    });

    it('differs between keys', () => {
      const keys = ['ack:TG-000123', 'ack:TG-000124', 'reply:TG-000123:1', 'reply:TG-000123:2', ''];
      const ids = new Set(keys.map((k) => outboundMessageId(k, 'acme.example')));
      assert.equal(ids.size, keys.length);
    });

    it('has the shape of an RFC 5322 msg-id: no spaces, exactly one @, the desk domain on the right', () => {
      for (const key of ['ack:TG-000123', 'with spaces and <brackets> @ signs', 'ключ-ș', '']) {
        const id = outboundMessageId(key, 'desk.acme.example');
        assert.match(id, MSG_ID, id);
        assert.doesNotMatch(id, /\s/);
        assert.equal(id.split('@').length, 2, id);
        assert.equal(id.split('@')[1], 'desk.acme.example');
      }
    });
  });

  describe('replyReferences', () => {
    it('appends the parent id after the parent references, keeping their order', () => {
      assert.deepEqual(replyReferences({ messageId: 'c@x', references: ['a@x', 'b@x'] }), ['a@x', 'b@x', 'c@x']);
    });

    it('does not add the parent id a second time when the references already hold it', () => {
      assert.deepEqual(replyReferences({ messageId: 'b@x', references: ['a@x', 'b@x', 'c@x'] }), ['a@x', 'b@x', 'c@x']);
    });

    it('returns the parent references unchanged when the parent has no id', () => {
      assert.deepEqual(replyReferences({ references: ['a@x', 'b@x'] }), ['a@x', 'b@x']);
      assert.deepEqual(replyReferences({ references: [] }), []);
    });

    it('starts a list with only the parent id for a first reply', () => {
      assert.deepEqual(replyReferences({ messageId: 'root@x', references: [] }), ['root@x']);
    });

    it('keeps the last 20 ids, the parent id last', () => {
      const references = Array.from({ length: 25 }, (_, i) => `m${i}@x`);
      const refs = replyReferences({ messageId: 'parent@x', references });
      assert.equal(refs.length, 20);
      assert.deepEqual(refs, [...references.slice(6), 'parent@x']);
    });

    it('does not modify the parent references array', () => {
      const references = ['a@x'];
      replyReferences({ messageId: 'b@x', references });
      assert.deepEqual(references, ['a@x']);
    });
  });

  describe('automaticHeaders', () => {
    it('sets Auto-Submitted to the given kind (RFC 3834) and suppresses Exchange auto-responses', () => {
      assert.equal(automaticHeaders('auto-replied')['Auto-Submitted'], 'auto-replied');
      assert.equal(automaticHeaders('auto-generated')['Auto-Submitted'], 'auto-generated');
      assert.equal(automaticHeaders('auto-replied')['X-Auto-Response-Suppress'], 'All');
    });
  });

  describe('baseSubject', () => {
    it('strips single reply and forward prefixes in English, Russian and Romanian', () => {
      const cases: [string, string][] = [
        ['Re: Printer broken', 'Printer broken'],
        ['RE: Printer broken', 'Printer broken'],
        ['re: Printer broken', 'Printer broken'],
        ['Fwd: Printer broken', 'Printer broken'],
        ['FW: Printer broken', 'Printer broken'],
        ['Отв: Принтер сломан', 'Принтер сломан'],
        ['Ответ: Принтер сломан', 'Принтер сломан'],
        ['ОТВЕТ: Принтер сломан', 'Принтер сломан'],
        ['Răspuns: Imprimanta nu merge', 'Imprimanta nu merge'],
        ['RĂSPUNS: Imprimanta nu merge', 'Imprimanta nu merge'],
        ['Re[2]: Printer broken', 'Printer broken'],
        ['Re [3] : Printer broken', 'Printer broken'],
      ];
      for (const [subject, expected] of cases) assert.equal(baseSubject(subject), expected, subject);
    });

    it('strips repeated and mixed prefixes', () => {
      assert.equal(baseSubject('Re: RE: Fwd: Отв: Ответ: Răspuns: Re[2]: [TG-000123] Printer broken'), '[TG-000123] Printer broken');
      assert.equal(baseSubject('Re:Re:Re: Printer'), 'Printer');
    });

    it('keeps words that only begin like a prefix, and prefixes that are not at the start', () => {
      assert.equal(baseSubject('Report: printer broken'), 'Report: printer broken');
      assert.equal(baseSubject('Reset password'), 'Reset password');
      assert.equal(baseSubject('Printer broken (Re: yesterday)'), 'Printer broken (Re: yesterday)');
    });

    it('trims and collapses white space', () => {
      assert.equal(baseSubject('  Re:   Printer \t  broken  '), 'Printer broken');
    });
  });
});
