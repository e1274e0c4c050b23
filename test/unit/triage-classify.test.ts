import { loadDevSet as loadDevSetFile } from '../support/dev-set';
import assert from 'node:assert/strict';
import { classifyIssue, type ClassifyContext } from '../../src/domain/triage/classify';
import { DEFAULT_RULES, mergeRules, type TriageRules } from '../../src/domain/triage/rules';
import type { Category, Language, Priority } from '../../src/domain/types';

function classify(text: string, lang: Language, extra: Partial<ClassifyContext> = {}) {
  return classifyIssue(text, { subject: '', lang, rules: DEFAULT_RULES, ...extra });
}

type Case = [Language, string, Priority, Category];

function runCases(cases: Case[]): void {
  for (const [lang, text, priority, category] of cases) {
    it(`${lang} ${priority} ${category}: ${text.slice(0, 70)}`, () => {
      const result = classify(text, lang);
      assert.deepEqual(
        { priority: result.priority, category: result.category },
        { priority, category },
        result.reasons.join('\n'),
      );
    });
  }
}

describe('classifyIssue', () => {
  describe('English', () => {
    runCases([
      ['en', 'Since 7am nobody at our Manchester branch can open the CRM, the page just spins and times out.', 'P1', 'network'],
      ['en', 'Checkout on our online shop fails for every order since the deploy: card payments are declined with error 500.', 'P1', 'software'],
      ['en', 'We think an attacker got into our network: the firewall shows traffic from the database server to an unknown host all night.', 'P1', 'network'],
      ['en', "Someone logged into the CFO's mailbox from abroad and sent payment requests to our suppliers.", 'P1', 'access'],
      ['en', 'The warehouse scanners lost connection to the server and the production line has stopped.', 'P1', 'network'],
      ['en', 'My account got locked after the password change and I have to submit the tender documents by 3 pm today.', 'P2', 'access'],
      ['en', 'The only laptop with the payroll software will not turn on, and payroll goes to the bank tomorrow.', 'P2', 'hardware'],
      ['en', 'I cannot work at all: Outlook crashes at start-up and I have no other computer.', 'P2', 'software'],
      ['en', 'The label printer in dispatch is dead and there is no spare printer in the building.', 'P2', 'hardware'],
      ['en', 'URGENT!!! The scanner on the 2nd floor makes a grinding noise.', 'P3', 'hardware'],
      ['en', 'ASAP please: the Wi-Fi in meeting room 4 is slow.', 'P3', 'network'],
      ['en', 'The logo in the header of the customer portal is slightly blurry.', 'P3', 'software'],
      ['en', 'How do I add a shared calendar in Outlook?', 'P3', 'software'],
      ['en', "Could you send me a copy of last month's invoice? Our accountant needs it.", 'P3', 'billing'],
      ['en', 'I forgot my VPN password, can you reset it?', 'P3', 'access'],
      ['en', 'Please install Python 3.12 on my workstation.', 'P3', 'software'],
      ['en', 'Since Monday my second screen stays black after docking.', 'P3', 'hardware'],
      ['en', 'Access to the Marketing SharePoint site please, Jane approved it.', 'P3', 'access'],
      ['en', 'Our emails to one customer domain bounce with 550 errors.', 'P3', 'network'],
      ['en', 'The VPN drops every hour; I reconnect and carry on, so I can still work.', 'P3', 'network'],
      ['en', 'We are opening a new branch in Brasov on 1 March; please plan the network cabling and Wi-Fi there.', 'P4', 'network'],
      ['en', 'Some day it would be nice to have a dark mode in the booking app.', 'P4', 'software'],
      ['en', 'Quarterly reminder: the UPS battery test in the server room is due next week.', 'P4', 'hardware'],
      ['en', 'Two new interns join on 3 June; please prepare a laptop for each.', 'P4', 'hardware'],
      ['en', 'Our support contract renews next month, please send the quote ahead of it.', 'P4', 'billing'],
      ['en', 'The office move is tonight and nobody has booked a technician to unplug the PCs.', 'P2', 'hardware'],
    ]);
  });

  describe('Russian', () => {
    runCases([
      ['ru', 'Во всех филиалах не работает 1С: при входе всё висит и отваливается по таймауту, кассы не пробивают чеки.', 'P1', 'network'],
      ['ru', 'У нас шифровальщик: на файловом сервере все документы зашифрованы, на экране требование выкупа.', 'P1', 'network'],
      ['ru', 'Кто-то вошёл в мою почту и разослал клиентам письма от моего имени.', 'P1', 'access'],
      ['ru', 'Сайт интернет-магазина не открывается ни у кого уже час, заказы не поступают.', 'P1', 'network'],
      ['ru', 'Через два часа у меня защита проекта перед заказчиком, а ноутбук не видит проектор.', 'P2', 'hardware'],
      ['ru', 'Заблокировали учётную запись, а сегодня до 17:00 нужно отправить платёжки в банк.', 'P2', 'access'],
      ['ru', 'Не могу работать: после обновления Windows не запускается ни одна программа.', 'P2', 'software'],
      ['ru', 'Завтра выходит новый сотрудник, а ноутбук для него ещё не подготовлен.', 'P2', 'hardware'],
      ['ru', 'СРОЧНО!!! Принтер в бухгалтерии печатает бледно.', 'P3', 'hardware'],
      ['ru', 'Подскажите, как подключить общий календарь в Outlook?', 'P3', 'software'],
      ['ru', 'Пришлите, пожалуйста, акт сверки за третий квартал.', 'P3', 'billing'],
      ['ru', 'Прошу выдать права на запись в папку «Договоры».', 'P3', 'access'],
      ['ru', 'На третьем этаже пропадает Wi-Fi, но по кабелю всё работает.', 'P3', 'network'],
      ['ru', 'В шапке сайта опечатка в названии компании.', 'P3', 'software'],
      ['ru', 'Не приходит почта от одного поставщика, письма теряются.', 'P3', 'network'],
      ['ru', 'В следующем месяце переезжаем в новый офис на Тверской, нужно перенести компьютеры и принтеры.', 'P4', 'hardware'],
      ['ru', 'Когда-нибудь было бы удобно получать уведомления о заявках в мессенджер.', 'P4', 'software'],
      ['ru', 'Напоминаем о ежегодной проверке ИБП в серверной 14 марта.', 'P4', 'hardware'],
      ['ru', 'С 1 февраля к нам выходит стажёр, подготовьте к этой дате учётную запись.', 'P4', 'access'],
      ['ru', 'Продление договора на обслуживание запланировано на следующий квартал, пришлите счёт.', 'P4', 'billing'],
    ]);
  });

  describe('Romanian', () => {
    runCases([
      ['ro', 'Nimeni din sediul din Iași nu se mai poate conecta la server, aplicația de gestiune dă timeout.', 'P1', 'network'],
      ['ro', 'Toți angajații primesc eroare la deschiderea ERP-ului și facturarea este oprită.', 'P1', 'software'],
      ['ro', 'Serverul de fișiere a fost atacat cu ransomware, documentele sunt criptate.', 'P1', 'network'],
      ['ro', 'Mi-a fost spart contul de e-mail și se trimit mesaje ciudate către clienți.', 'P1', 'access'],
      ['ro', 'Laptopul nu mai pornește și mâine dimineață am prezentarea la client.', 'P2', 'hardware'],
      ['ro', 'Nu pot lucra deloc: Outlook se închide imediat după pornire și nu am alt calculator.', 'P2', 'software'],
      ['ro', 'Contul meu e blocat și până la ora 12 trebuie să depun declarația.', 'P2', 'access'],
      ['ro', 'Colega nouă începe mâine și încă nu are laptop.', 'P2', 'hardware'],
      ['ro', 'URGENT: mouse-ul meu nu mai funcționează bine.', 'P3', 'hardware'],
      ['ro', 'Cum pot schimba semnătura în Outlook?', 'P3', 'software'],
      ['ro', 'Vă rog să-mi trimiteți factura pentru luna trecută.', 'P3', 'billing'],
      ['ro', 'Am nevoie de drepturi de scriere pe folderul Contabilitate.', 'P3', 'access'],
      ['ro', 'Wi-Fi-ul din sala de ședințe e lent, dar merge.', 'P3', 'network'],
      ['ro', 'Pe prima pagină a portalului logo-ul apare deformat.', 'P3', 'software'],
      ['ro', 'Cheia de licență pentru Office nu este acceptată, folosesc deocamdată versiunea web.', 'P3', 'software'],
      ['ro', 'Am uitat parola de la contul de VPN.', 'P3', 'access'],
      ['ro', 'Ar fi util să avem cândva o imprimantă color la etajul 2.', 'P4', 'hardware'],
      ['ro', 'Ne mutăm în noul birou pe 10 aprilie; vă rog să pregătiți mutarea calculatoarelor.', 'P4', 'hardware'],
      ['ro', 'Vă reamintim că revizia anuală a climatizării din camera serverelor este programată pe 20 mai.', 'P4', 'hardware'],
      ['ro', 'Un coleg nou vine la noi din 2 iunie, vă rog să-i creați contul de e-mail.', 'P4', 'access'],
    ]);
  });

  describe('rules LABELS.md singles out, and how the matcher reads text', () => {
    // [rule, language, text, priority or '-' for any, category or '-' for any]
    const cases: Array<[string, Language, string, Priority | '-', Category | '-']> = [
      ['"urgent" alone is not P1/P2', 'en', 'URGENT: the keyboard on my desk has a sticky key, please replace ASAP', 'P3', 'hardware'],
      ['"срочно" alone is not P1/P2', 'ru', 'Срочно!!! Мышка плохо работает, замените срочно.', 'P3', 'hardware'],
      ['"urgent" alone is not P1/P2', 'ro', 'Urgent! Monitorul meu are un pixel mort, vă rog urgent.', 'P3', 'hardware'],
      ['a login page timing out is network', 'en', 'The login page of the HR portal times out for me since this morning.', 'P3', 'network'],
      ['a service that answers but fails is software', 'en', 'The HR portal opens but saving a holiday request shows error 0x80004005.', 'P3', 'software'],
      ['a compromised account is access', 'en', 'My mailbox was hacked: it sends spam to all my contacts and my password no longer works.', 'P1', 'access'],
      ['malware on a server is network', 'en', 'Malware found on the mail server, it is sending traffic to unknown addresses.', 'P1', 'network'],
      ['physical work on servers is hardware', 'en', 'Please replace the failed disk in the server rack in room B2.', '-', 'hardware'],
      ['physical work on servers is hardware', 'ru', 'В серверной нужно заменить блок питания в стойке.', '-', 'hardware'],
      ['cosmetic is P3 even if everybody sees it', 'en', 'There is a typo in the footer of the invoice e-mail that all our customers get.', 'P3', '-'],
      ['onboarding next month is P4', 'en', 'New starter next month: please set up an account and a laptop.', 'P4', '-'],
      ['onboarding tomorrow is P2', 'en', 'New starter tomorrow: please set up an account and a laptop.', 'P2', '-'],
      ['onboarding tomorrow is P2', 'ru', 'Новый сотрудник выходит завтра, нужна учётная запись.', 'P2', 'access'],
      ['onboarding next month is P4', 'ro', 'Angajatul nou începe luna viitoare, pregătiți un laptop.', 'P4', 'hardware'],
      ['planned work already late is P2', 'en', 'Our new hire started yesterday and still has no laptop.', 'P2', 'hardware'],
      ['an invoice question is billing P3', 'en', 'Why is the VAT on invoice 2291 different from last month?', 'P3', 'billing'],
      ['an invoice question is billing P3', 'ru', 'Почему в счёте за октябрь другая сумма?', 'P3', 'billing'],
      ['an invoice question is billing P3', 'ro', 'De ce factura din octombrie are altă sumă?', 'P3', 'billing'],
      ['lost access with no deadline is P3', 'en', 'I am locked out of my account since yesterday.', 'P3', 'access'],
      ['lost access with no deadline is P3', 'ro', 'Contul meu a fost blocat după ce am greșit parola.', 'P3', 'access'],
      ['a workaround keeps it at P3', 'en', "I cannot print from my laptop, for now I use a colleague's PC.", 'P3', 'hardware'],
      ['a denied workaround is none', 'ru', 'Не могу работать: ноутбук не включается.', 'P2', 'hardware'],
      ['a denied workaround is none', 'ro', 'Nu pot lucra, calculatorul nu pornește.', 'P2', 'hardware'],
      ['Romanian with diacritics', 'ro', 'Imprimanta din biroul 3 nu mai tipărește și afișează eroare de hârtie.', 'P3', 'hardware'],
      ['Romanian without diacritics', 'ro', 'Imprimanta din biroul 3 nu mai tipareste si afiseaza eroare de hartie.', 'P3', 'hardware'],
      ['Romanian without diacritics', 'ro', 'Plata facturii nu apare in cont.', 'P3', 'billing'],
      ['identifier labels are not evidence', 'en', 'Laptop battery swells. Customer account number 5580213.', 'P3', 'hardware'],
      ['addresses are not evidence', 'en', 'Please post the October invoice to accounts@example.com.', 'P3', 'billing'],
      ['a phrase and the words inside it count once', 'en', 'None of the printers print since the Windows update.', '-', 'hardware'],
      ['negation stays in its clause', 'en', 'Not urgent, but the new starter joins next week and needs a laptop.', 'P4', 'hardware'],
    ];
    for (const [rule, lang, text, priority, category] of cases) {
      it(`${rule} (${lang}): ${text.slice(0, 50)}`, () => {
        const result = classify(text, lang);
        const why = result.reasons.join('\n');
        if (priority !== '-') assert.equal(result.priority, priority, why);
        if (category !== '-') assert.equal(result.category, category, why);
      });
    }

    it('reasons say which rule decided', () => {
      assert.match(classify('The login page times out.', 'en').reasons.join('\n'), /category network: service unreachable \("times out"\)/);
    });
  });

  describe('context from the subject and shared text', () => {
    it('dates and planning in the subject apply to a list item with no impact of its own', () => {
      const result = classify('network ports and Wi-Fi for the new area', 'en', { subject: 'Office move next month' });
      assert.equal(result.priority, 'P4');
      assert.equal(result.category, 'network');
    });

    it('the shared intro counts like the subject', () => {
      const shared = 'We are moving the finance team to building C on 2 May. Please plan for:';
      assert.equal(classify('- moving their six desktop PCs', 'en', { subject: 'Move', shared }).priority, 'P4');
    });

    it('"today" or "tomorrow" around planned work makes it due within one working day', () => {
      assert.equal(classify('- a laptop and a docking station', 'en', { subject: 'New starter', shared: 'Anna joins us tomorrow. Please prepare:' }).priority, 'P2');
      assert.equal(classify('Laptopul nu pornește, îl folosesc azi.', 'ro').priority, 'P3');
    });

    it('an outage in the subject does not make the billing question below it P1', () => {
      const result = classify('Also, please check why the November invoice is doubled. Not urgent.', 'en', {
        subject: 'Website down for all customers',
      });
      assert.deepEqual([result.priority, result.category], ['P3', 'billing']);
    });

    it('a subject of the same topic lends its impact to a body that names none', () => {
      const result = classify('Since 9:00 nothing loads, see screenshot.', 'en', { subject: 'Whole office has no internet' });
      assert.deepEqual([result.priority, result.category], ['P1', 'network']);
    });
  });

  describe('VIP senders and priority accounts', () => {
    const rules: TriageRules = mergeRules(DEFAULT_RULES, {
      vipContacts: ['ceo@acme.example'],
      vipDomains: ['board.example'],
      priorityAccounts: ['NW-44102'],
    });
    const ordinary = 'The printer on floor 2 prints faint pages.';

    it('raise P3 to P2 and say why', () => {
      const vip = classify(ordinary, 'en', { rules, from: 'Ann CEO <CEO@acme.example>' });
      assert.equal(vip.priority, 'P2');
      assert.match(vip.reasons.join('\n'), /VIP sender ceo@acme\.example/);
      assert.equal(classify(ordinary, 'en', { rules, from: 'x@eu.board.example' }).priority, 'P2');
      assert.equal(classify(ordinary, 'en', { rules, account: ' nw-44102 ' }).priority, 'P2');
    });

    it('leave other senders, planned P4 work and P1 alone', () => {
      assert.equal(classify(ordinary, 'en', { rules, from: 'someone@acme.example' }).priority, 'P3');
      assert.equal(classify('New starter next month needs a laptop.', 'en', { rules, from: 'ceo@acme.example' }).priority, 'P4');
      assert.equal(classify('Nobody in the office has internet.', 'en', { rules, from: 'ceo@acme.example' }).priority, 'P1');
    });
  });

  describe('mergeRules', () => {
    it('extends the lists, so a desk can teach a new phrase', () => {
      const text = 'The Zorbex terminal beeps twice.';
      assert.notEqual(classify(text, 'en').category, 'billing');
      const rules = mergeRules(DEFAULT_RULES, { categories: { billing: { en: ['zorbex'] } } });
      assert.equal(classify(text, 'en', { rules }).category, 'billing');
      assert.ok(rules.categories.billing.en.includes('invoice'), 'defaults kept');
      assert.equal(DEFAULT_RULES.categories.billing.en.includes('zorbex'), false, 'defaults not mutated');
    });

    it('ignores keys the rules do not have', () => {
      const override = JSON.parse('{"__proto__": {"polluted": true}, "nonsense": ["x"]}') as Parameters<typeof mergeRules>[1];
      const rules = mergeRules(DEFAULT_RULES, override);
      assert.equal(Object.hasOwn(rules, 'nonsense'), false);
      assert.equal((rules as unknown as Record<string, unknown>).polluted, undefined);
    });
  });

  describe('reasons', () => {
    it('name the rules that fired', () => {
      const result = classify('None of the 40 people in the Leeds office can reach the ERP, the page times out.', 'en');
      const reasons = result.reasons.join('\n');
      assert.match(reasons, /category network: service unreachable \(.*"times out"/);
      assert.match(reasons, /priority P1: .*many-users/);
    });
  });

  describeDevSet();
});

// ---------------------------------------------------------------------------
// The labelled development set (LABELS.md)

interface DevIssue {
  priority: Priority;
  category: Category;
}
interface DevRecord {
  id: string;
  lang: Language;
  from: string;
  subject: string;
  body: string;
  expect: { autoReply: boolean; issues: DevIssue[] };
}

const loadDevSet = (): DevRecord[] => loadDevSetFile<DevRecord>();

const SIGN_OFF = /^(thanks|thank you|many thanks|regards|best|cheers|спасибо|с уважением|благодарю|mulțumesc|multumesc|mulțumim|cu stimă|cu stima|toate cele bune)\b/iu;

/**
 * A stand-in for the issue splitter (src/domain/triage/split.ts, built
 * elsewhere): list items if there are any, otherwise paragraphs, leaving out
 * greetings, sign-offs and bare names. Everything else is `shared`.
 */
function naiveSplit(body: string): { issues: string[]; shared: string } {
  const paragraphs = body.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean);
  const listItem = /^\s*(?:[-*•]|\d+[.)])\s+/u;
  const items = paragraphs.flatMap((part) => part.split('\n').filter((line) => listItem.test(line)).map((line) => line.replace(listItem, '')));
  if (items.length > 1) {
    const shared = paragraphs.map((part) => part.split('\n').filter((line) => !listItem.test(line)).join('\n')).join('\n\n');
    return { issues: items, shared };
  }
  const isContent = (part: string): boolean => !SIGN_OFF.test(part) && part.split(/\s+/).length > 4;
  return { issues: paragraphs.filter(isContent), shared: paragraphs.filter((part) => !isContent(part)).join('\n\n') };
}

interface Scored {
  id: string;
  expected: DevIssue;
  got: DevIssue;
  reasons: string[];
}

function scoreRecord(record: DevRecord): Scored[] {
  const expected = record.expect.issues;
  const ctx: ClassifyContext = { subject: record.subject, lang: record.lang, from: record.from, rules: DEFAULT_RULES };
  const whole = `${record.subject}\n\n${record.body}`;
  const split = expected.length > 1 ? naiveSplit(record.body) : undefined;
  return expected.map((issue, index) => {
    // When the stand-in splitter finds a different number of issues, classify
    // the whole mail for each expected issue (and count the misses).
    const text = split && split.issues.length === expected.length ? split.issues[index] : whole;
    const result = classifyIssue(text, { ...ctx, shared: split?.shared });
    const id = `${record.id}#${index + 1}${split && split.issues.length !== expected.length ? ' (unsplit)' : ''}`;
    return { id, expected: issue, got: { priority: result.priority, category: result.category }, reasons: result.reasons };
  });
}

function describeDevSet(): void {
  describe('labelled dev set (shared/triage/dev.jsonl)', () => {
    it('classifies at least 90% of issues right, for priority and for category', () => {
      const scored = loadDevSet().filter((record) => !record.expect.autoReply).flatMap(scoreRecord);
      const priorityHits = scored.filter((s) => s.got.priority === s.expected.priority).length;
      const categoryHits = scored.filter((s) => s.got.category === s.expected.category).length;
      for (const s of scored.filter((x) => x.got.priority !== x.expected.priority || x.got.category !== x.expected.category)) {
        console.log(`    miss ${s.id}: expected ${s.expected.priority}/${s.expected.category}, got ${s.got.priority}/${s.got.category}\n      ${s.reasons.join('\n      ')}`);
      }
      const priorityAccuracy = priorityHits / scored.length;
      const categoryAccuracy = categoryHits / scored.length;
      console.log(`    dev set: ${scored.length} issues, priority ${priorityAccuracy.toFixed(3)}, category ${categoryAccuracy.toFixed(3)}`);
      assert.ok(priorityAccuracy >= 0.9, `priority accuracy ${priorityAccuracy}`);
      assert.ok(categoryAccuracy >= 0.9, `category accuracy ${categoryAccuracy}`);
    });
  });
}
