import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRenderer, findTemplatesDir } from '../../src/mail/render';
import type { TemplateName } from '../../src/mail/render';
import type { Language } from '../../src/domain/types';
import { sampleData } from './render-fixtures';

describe('mail renderer', () => {
  const renderer = createRenderer();

  describe('errors', () => {
    it('unknown template names the template and language', () => {
      assert.throws(() => renderer.render('nope' as TemplateName, 'en', {}), /"nope".*"en"/);
    });

    it('unknown language names it', () => {
      assert.throws(() => renderer.render('status', 'de' as Language, {}), /"status".*"de"/);
    });

    it('missing data is reported', () => {
      assert.throws(() => renderer.render('acknowledgement', 'en', { deskName: 'A', originalSubject: 'x', tickets: [] }), /tickets/);
      assert.throws(() => renderer.render('agent-reply', 'en', { deskName: 'A', ticketNumber: 'TG-000001' }), /agentName, text/);
    });

    it('missing data of the agent, customer and manager mails is named', () => {
      const note = sampleData(renderer, 'agent-notification', 'en');
      const fails = (name: TemplateName, data: Record<string, unknown>, pattern: RegExp) =>
        assert.throws(() => renderer.render(name, 'en', data), (err: Error) => err.message.startsWith(`template "${name}": missing data `) && pattern.test(err.message), `${name}: ${pattern}`);
      fails('agent-notification', { ...note, ticketNumber: '', customerEmail: undefined }, /ticketNumber, customerEmail$/);
      fails('agent-notification', { ...note, tier: undefined }, /tier$/);
      fails('agent-notification', { ...note, event: 'closed' }, /event \(one of new, customer-reply, escalated, reopened, assigned, problem\)/);
      fails('agent-notification', { ...note, message: undefined }, /message$/);
      fails('agent-notification', { ...note, details: 'none' }, /details$/);
      fails('agent-notification', { ...note, history: [{ at: 'now' }, { action: 'x' }] }, /history\[\]\.action, history\[\]\.at$/);
      fails('agent-notification', { ...note, relatedTickets: [{ subject: 'x' }] }, /relatedTickets\[\]\.number$/);
      const cmd = sampleData(renderer, 'command-error', 'en');
      fails('command-error', { ...cmd, errors: [] }, /errors$/);
      fails('command-error', { ...cmd, errors: [{ line: 0, text: '#x' }] }, /errors\[\]\.line, errors\[\]\.problem$/);
      fails('command-error', { ...cmd, commandHelp: undefined }, /commandHelp$/);
      fails('status-list', { deskName: 'A' }, /tickets$/);
      fails('status-list', { deskName: 'A', tickets: [{ subject: 'x' }] }, /tickets\[\]\.number, tickets\[\]\.statusLabel$/);
      const resolved = sampleData(renderer, 'resolved', 'en');
      for (const reopenDays of [undefined, -1, 1.5, '7']) fails('resolved', { ...resolved, reopenDays }, /reopenDays/);
      fails('resolved', { ...resolved, ticketNumber: undefined }, /ticketNumber$/);
      fails('manager-alert', { deskName: 'A', lines: [] }, /title$/);
      fails('manager-alert', { deskName: 'A', title: 'T' }, /lines$/);
      fails('manager-alert', { deskName: 'A', title: 'T', lines: ['ok', 3] }, /lines\[\] \(a string\)$/);
    });

    it('optional lists may be absent or null', () => {
      const note = { ...sampleData(renderer, 'agent-notification', 'en'), details: undefined, history: null, relatedTickets: undefined };
      assert.doesNotThrow(() => renderer.render('agent-notification', 'en', note));
      assert.doesNotThrow(() => renderer.render('command-error', 'en', { ...sampleData(renderer, 'command-error', 'en'), errors: [{ line: '4', text: '', problem: 'empty command' }] }));
    });

    describe('with a partial templates directory', () => {
      let dir: string;
      before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-templates-'));
        const src = findTemplatesDir();
        for (const file of ['labels.json', 'layout.html.hbs', 'layout.text.hbs']) fs.copyFileSync(path.join(src, file), path.join(dir, file));
        fs.mkdirSync(path.join(dir, 'status'));
        for (const part of ['subject', 'text', 'html']) {
          fs.copyFileSync(path.join(src, 'status', `en.${part}.hbs`), path.join(dir, 'status', `en.${part}.hbs`));
        }
      });
      after(() => fs.rmSync(dir, { recursive: true, force: true }));

      it('renders what exists and names what is missing', () => {
        const partial = createRenderer({ templatesDir: dir });
        const data = { deskName: 'A', ticketNumber: 'TG-000001', statusLabel: 'open', originalSubject: 'x' };
        assert.match(partial.render('status', 'en', data).subject, /TG-000001/);
        assert.throws(() => partial.render('status', 'ru', data), /"status".*"ru"/);
        assert.throws(() => partial.render('acknowledgement', 'en', data), /"acknowledgement".*"en"/);
      });

      it('fails at creation on a half-written translation or a syntax error', () => {
        fs.writeFileSync(path.join(dir, 'status', 'ro.subject.hbs'), '[{{ticketNumber}}]');
        assert.throws(() => createRenderer({ templatesDir: dir }), /"status" \(ro\) is incomplete/);
        fs.rmSync(path.join(dir, 'status', 'ro.subject.hbs'));
        fs.writeFileSync(path.join(dir, 'status', 'en.text.hbs'), '{{#if x}}unclosed');
        assert.throws(() => createRenderer({ templatesDir: dir }), /en\.text\.hbs/);
      });
    });
  });
});
