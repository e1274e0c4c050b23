import assert from 'node:assert/strict';
import { isStatusRequest } from '../../src/domain/status-request';

const REPLY_SUBJECT = 'Re: [TG-000123] printer does not print';

function yes(subject: string, body: string): void {
  assert.equal(isStatusRequest(subject, body), true, `expected a status request: ${JSON.stringify({ subject, body })}`);
}

function no(subject: string, body: string): void {
  assert.equal(isStatusRequest(subject, body), false, `expected NOT a status request: ${JSON.stringify({ subject, body })}`);
}

describe('status-request', () => {
  describe('the examples of the specification', () => {
    it('subject "status" with an empty body', () => yes('status', ''));
    it('reply subject with body "status?"', () => yes(REPLY_SUBJECT, 'status?'));
    it('a problem mentioning "status"', () => no(REPLY_SUBJECT, 'the status light on the printer blinks red'));
    it('a long body', () => no(REPLY_SUBJECT, 'Hello, what is the status, because we have a meeting with the director tomorrow morning and need the printer'));
  });

  describe('English', () => {
    it('recognizes short status questions in the body', () => {
      for (const body of [
        'status',
        'Status?',
        'Ticket status?',
        'What is the status?',
        "What's the status of my ticket?",
        'what is the current status',
        'Any update?',
        'Any updates on this?',
        'any news?',
        'Any progress yet?',
        'Update?',
        'Is there any update on my request?',
        'Are there any updates?',
        'Status update please',
        'Could you please give me an update?',
        'Can I get a status update?',
        'Please let me know the status.',
        'Any update on TG-000123?',
        'status of ticket [TG-000123]',
      ]) {
        yes(REPLY_SUBJECT, body);
      }
    });

    it('ignores greetings, thanks and a name after the thanks', () => {
      yes(REPLY_SUBJECT, 'Hi,\n\nany update?\n\nThanks');
      yes(REPLY_SUBJECT, 'Hello team, what is the status? Thank you in advance, John Smith');
      yes(REPLY_SUBJECT, 'Dear support team,\nany news?\nBest regards,\nJane');
      yes(REPLY_SUBJECT, 'Good morning! Status please. Cheers');
      yes(REPLY_SUBJECT, 'Thanks, any update?');
    });

    it('decides by the subject when the body is empty or only courtesy', () => {
      yes('Re: [TG-000123] Status?', '');
      yes('RE: Fwd: [TG-000123] any update', 'Hi, thanks!');
      yes('[TG-000123] ticket status', '   \n ');
      no(REPLY_SUBJECT, '');
      no(REPLY_SUBJECT, 'Hello, thanks, John');
      no('', '');
    });

    it('is not fooled by problems that mention status or updates', () => {
      for (const [subject, body] of [
        ['Printer status: offline', ''],
        ['Status', 'The printer is broken again, please help'],
        ['Status?', 'Hi, the VPN is still down. Status?'],
        [REPLY_SUBJECT, 'Status: the VPN is still down'],
        [REPLY_SUBJECT, 'Any update? I still cannot print.'],
        [REPLY_SUBJECT, 'No update since yesterday, the issue persists'],
        [REPLY_SUBJECT, 'Update: it works now, you can close the ticket'],
        [REPLY_SUBJECT, 'Thanks for the update'],
        [REPLY_SUBJECT, 'What is the status of my order 4411?'],
        [REPLY_SUBJECT, 'I need the status report for March'],
        [REPLY_SUBJECT, 'Windows update failed'],
        [REPLY_SUBJECT, 'Hi Anna, status?'],
        ['Status light blinks red', ''],
        [REPLY_SUBJECT, 'Status: resolved'],
        [REPLY_SUBJECT, 'status quo'],
        [REPLY_SUBJECT, 'Any update on the printer driver?'],
        [REPLY_SUBJECT, 'Please update the driver'],
      ]) {
        no(subject, body);
      }
    });
  });

  describe('Russian', () => {
    it('recognizes short status questions', () => {
      for (const body of [
        'статус',
        'Статус?',
        'Статус заявки?',
        'Какой статус?',
        'Какой статус у моей заявки?',
        'Каков статус обращения TG-000123?',
        'Подскажите, пожалуйста, статус заявки',
        'Есть новости?',
        'Есть ли новости по заявке?',
        'Есть какие-нибудь новости?',
        'Какие новости?',
        'Что нового?',
        'Есть что-нибудь новое по моей заявке?',
        'Что с моей заявкой?',
        'Как там с заявкой?',
        'Есть ли обновления?',
        'Статус по TG-000123?',
      ]) {
        yes(REPLY_SUBJECT, body);
      }
    });

    it('ignores greetings and thanks', () => {
      yes(REPLY_SUBJECT, 'Здравствуйте!\n\nЕсть новости?\n\nСпасибо');
      yes(REPLY_SUBJECT, 'Добрый день, коллеги! Какой статус заявки? Заранее спасибо, Иван Петров');
      yes('Re: [TG-000123] Статус заявки', 'Здравствуйте. С уважением, Ольга');
      yes('Статус', '');
      yes(REPLY_SUBJECT, 'Спасибо, есть новости?');
    });

    it('is not fooled by problems', () => {
      for (const [subject, body] of [
        ['Статус принтера: не в сети', ''],
        [REPLY_SUBJECT, 'Статус принтера: не в сети'],
        [REPLY_SUBJECT, 'Индикатор статуса мигает красным'],
        [REPLY_SUBJECT, 'Есть новости? Принтер до сих пор не печатает'],
        [REPLY_SUBJECT, 'Новостей нет, проблема осталась'],
        ['Статус', 'Здравствуйте, у меня не работает VPN'],
        [REPLY_SUBJECT, 'Обновления Windows не устанавливаются'],
      ]) {
        no(subject, body);
      }
    });
  });

  describe('Romanian', () => {
    it('recognizes short status questions, with or without diacritics', () => {
      for (const body of [
        'stare',
        'Starea tichetului?',
        'status tichet',
        'Care este statusul?',
        'Care e starea solicitării mele?',
        'Care este stadiul cererii?',
        'Ce mai e nou?',
        'Ce mai e nou cu tichetul meu?',
        'Există noutăți?',
        'Exista noutati?',
        'Aveți vreo noutate?',
        'Noutăți?',
        'Îmi puteți spune statusul tichetului, vă rog?',
        'Vreo noutate legată de tichet?',
      ]) {
        yes(REPLY_SUBJECT, body);
      }
    });

    it('ignores greetings and thanks', () => {
      yes(REPLY_SUBJECT, 'Bună ziua,\n\nce mai e nou?\n\nMulțumesc');
      yes(REPLY_SUBJECT, 'Buna ziua, care este statusul? Multumesc anticipat, Ion Popescu');
      yes(REPLY_SUBJECT, 'Salut! Starea tichetului? Mersi');
      yes('Re: [TG-000123] Status tichet', 'Bună ziua! Cu stimă, Maria');
    });

    it('is not fooled by problems', () => {
      for (const [subject, body] of [
        ['Statusul imprimantei: eroare', ''],
        [REPLY_SUBJECT, 'Starea imprimantei este eroare'],
        [REPLY_SUBJECT, 'Ce mai e nou? Imprimanta tot nu merge'],
        [REPLY_SUBJECT, 'Nu avem noutăți, problema persistă'],
        ['Stare', 'Bună ziua, nu funcționează VPN-ul'],
        [REPLY_SUBJECT, 'Actualizarea Windows a eșuat'],
      ]) {
        no(subject, body);
      }
    });
  });

  describe('normalization', () => {
    it('keeps й intact (no Unicode decomposition) and ignores case', () => {
      yes(REPLY_SUBJECT, 'КАКОЙ СТАТУС???');
      yes(REPLY_SUBJECT, 'Что нового? Всего доброго');
    });

    it('accepts cedilla forms of Romanian letters', () => {
      yes(REPLY_SUBJECT, 'Există noutăţi? Mulţumesc');
    });

    it('ignores ticket numbers with # or № and Outlook-numbered prefixes', () => {
      yes('RE[2]: #TG-000123 status', '');
      yes('Отв: статус заявки №TG-000123', '');
    });
  });
});
