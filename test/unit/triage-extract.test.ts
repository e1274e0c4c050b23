import { loadDevSet as loadDevSetFile } from '../support/dev-set';
import assert from 'node:assert/strict';
import { extractDetails, type DetailKey, type Details } from '../../src/domain/triage/extract';
import { splitIssues } from '../../src/domain/triage/split';

interface DevRecord {
  id: string;
  subject: string;
  body: string;
  expect: { autoReply: boolean; issues: { details?: Details }[] };
}

const loadDevSet = (): DevRecord[] => loadDevSetFile<DevRecord>();

/** Details of a text that is its own issue, with nothing shared. */
function details(text: string): Details {
  return extractDetails(text, '');
}

function one(key: DetailKey, text: string): string | undefined {
  return details(text)[key];
}

describe('extractDetails', () => {
  describe('account', () => {
    it('finds account, customer and client numbers and usernames (en)', () => {
      assert.equal(one('account', 'Our customer account is NW-44102.'), 'NW-44102');
      assert.equal(one('account', 'Could you refund it? Account number 5580213.'), '5580213');
      assert.equal(one('account', 'Customer no. 77102.'), '77102');
      assert.equal(one('account', 'Client ID: C-99812'), 'C-99812');
      assert.equal(one('account', 'The reset page says my account is locked. Username rpatel.'), 'rpatel');
      assert.equal(one('account', 'my login: j.smith'), 'j.smith');
    });

    it('finds лицевой счёт, клиент №, аккаунт and логин (ru)', () => {
      assert.equal(one('account', 'Лицевой счёт 40817-810.'), '40817-810');
      assert.equal(one('account', 'Клиент № МС-3310'), 'МС-3310');
      assert.equal(one('account', 'Номер клиента: 4411-22'), '4411-22');
      assert.equal(one('account', 'Аккаунт AC-90017.'), 'AC-90017');
      assert.equal(one('account', 'Не открывается личный кабинет. Логин: ivanov_a'), 'ivanov_a');
    });

    it('finds cod client, număr de cont client and utilizator (ro)', () => {
      assert.equal(one('account', 'Cod client TR-5521.'), 'TR-5521');
      assert.equal(one('account', 'Număr de cont client 330-118.'), '330-118');
      assert.equal(one('account', 'cont client nr. RO-3321'), 'RO-3321');
      assert.equal(one('account', 'Contul meu a fost blocat. Utilizator vstan.'), 'vstan');
    });

    it('does not take invoice numbers, "my account is locked" or a bank account phrase', () => {
      assert.deepEqual(details('Our card was charged twice for invoice INV-2026-0871 (October).'), {});
      assert.deepEqual(details('по счёту № 4581 от 2 ноября списали оплату дважды'), {});
      assert.deepEqual(details('Factura nr. 2291 a fost plătită de două ori din contul nostru.'), {});
      assert.deepEqual(details('My account is locked and I cannot log in.'), {});
    });
  });

  describe('model and serial', () => {
    it('finds a device model after its maker or product line, in any language', () => {
      assert.equal(one('model', 'My laptop (Dell Latitude 7440) does not charge.'), 'Dell Latitude 7440');
      assert.equal(one('model', 'Принтер Kyocera ECOSYS M2040dn в кабинете 305 печатает с полосами.'), 'Kyocera ECOSYS M2040dn');
      assert.equal(one('model', 'Laptopul meu HP EliteBook 840 G8 se oprește singur.'), 'HP EliteBook 840 G8');
      assert.equal(one('model', 'my second monitor flickers, it is a Dell P2422H.'), 'Dell P2422H');
      assert.equal(one('model', 'Please order a MacBook Pro for her.'), 'MacBook Pro');
      assert.equal(one('model', 'модель: XR-450 не включается'), 'XR-450');
    });

    it('does not take application names or a maker without a model', () => {
      assert.deepEqual(details('Cisco AnyConnect 4.10 shows error 720.'), {});
      assert.deepEqual(details('Dell support told me to call you.'), {});
      assert.deepEqual(details('Please install Adobe Acrobat Pro 2024.'), {});
    });

    it('finds serial numbers labelled S/N, serial, серийный номер, număr de serie', () => {
      assert.equal(one('serial', 'The printer (HP LaserJet M404dn, serial CNB3K12345) jams.'), 'CNB3K12345');
      assert.equal(one('serial', 'S/N: ABC123456'), 'ABC123456');
      assert.equal(one('serial', 'у ноутбука Lenovo ThinkPad T14 (серийный номер PF3ABC12) отвалилась клавиша'), 'PF3ABC12');
      assert.equal(one('serial', 'Număr de serie: 1234A5678B.'), '1234A5678B');
    });
  });

  describe('licence', () => {
    it('finds licence keys and contract, subscription and agreement numbers', () => {
      assert.equal(one('licence', 'The licence key AB12-CD34-EF56-GH78 you sent is rejected.'), 'AB12-CD34-EF56-GH78');
      assert.equal(one('licence', 'Service agreement SA-4471 covers this.'), 'SA-4471');
      assert.equal(one('licence', 'Номер договора 2024/117.'), '2024/117');
      assert.equal(one('licence', 'Лицензионный ключ 7HJ2K-99QWE-ABCD1-XYZ12 не активируется.'), '7HJ2K-99QWE-ABCD1-XYZ12');
      assert.equal(one('licence', 'Cheia de licență QW12-ER34-TY56-UI78 este respinsă.'), 'QW12-ER34-TY56-UI78');
      assert.equal(one('licence', 'Abonament nr. 778812'), '778812');
      assert.equal(one('licence', 'Contract de service nr. SV-2024/18'), 'SV-2024/18');
    });
  });

  describe('location', () => {
    it('takes the place without the preposition or determiner in front (en)', () => {
      assert.equal(one('location', 'none of the 120 people in our Leeds office can open the ERP'), 'Leeds office');
      assert.equal(one('location', 'starting on Monday at our 4th floor office'), '4th floor office');
      assert.equal(one('location', 'The printer in room 2.14 keeps jamming.'), 'room 2.14');
      assert.equal(one('location', 'the guest Wi-Fi in the lobby drops'), 'lobby');
      assert.equal(one('location', 'moving the sales team to the second floor of building B'), 'second floor of building B');
      assert.equal(one('location', 'The printer on floor 3 jams.'), 'floor 3');
    });

    it('keeps inflected words as written (ru)', () => {
      assert.equal(one('location', 'во всём офисе на Лесной, 12 нет интернета'), 'офисе на Лесной, 12');
      assert.equal(one('location', 'Принтер в кабинете 305 печатает с полосами.'), 'кабинете 305');
      assert.equal(one('location', 'монитор в переговорной на 2 этаже не включается'), 'переговорной на 2 этаже');
      assert.equal(one('location', 'обслуживание серверной в здании на Садовой'), 'здании на Садовой');
      assert.equal(one('location', 'На 3 этаже пропал Wi-Fi.'), '3 этаже');
    });

    it('keeps inflected words as written (ro)', () => {
      assert.equal(one('location', 'niciun angajat din sediul din Cluj nu poate emite facturi'), 'sediul din Cluj');
      assert.equal(one('location', 'Imprimanta din camera 12 nu mai trage hârtia.'), 'camera 12');
      assert.equal(one('location', 'rețeaua Wi-Fi de la etajul 1 se deconectează'), 'etajul 1');
      assert.equal(one('location', 'serverele din centrul de date de la Pipera'), 'centrul de date de la Pipera');
      assert.equal(one('location', 'Imprimanta din biroul din Cluj nu merge.'), 'biroul din Cluj');
    });

    it('does not take "poor reception" or "Our office" as a place', () => {
      assert.deepEqual(details('Poor reception on my phone.'), {});
      assert.deepEqual(details('Our office needs new chairs.'), {});
    });
  });

  describe('phone', () => {
    it('finds international and local numbers', () => {
      assert.equal(one('phone', 'Mark Ellis\n+44 113 496 0321'), '+44 113 496 0321');
      assert.equal(one('phone', 'Contact me on 0117 496 0155.'), '0117 496 0155');
      assert.equal(one('phone', 'Сергей Волков, +7 495 123-45-67'), '+7 495 123-45-67');
      assert.equal(one('phone', 'тел. 8 (495) 765-43-21'), '8 (495) 765-43-21');
      assert.equal(one('phone', 'Andrei Popescu, 0744 123 456'), '0744 123 456');
      assert.equal(one('phone', 'Sunați-mă la tel. 021 312 45 67'), '021 312 45 67');
    });

    it('does not take account numbers, dates, times or amounts for phones', () => {
      assert.deepEqual(details('Since 08:40 on 12.03.2026, 1 250 000 lei lost. Order 5566778.'), {});
      assert.deepEqual(details('Account number 5580213.'), { account: '5580213' });
    });
  });

  describe('shared context', () => {
    it('gives a phone in the signature to every issue', () => {
      const { issues, shared } = splitIssues('printer + wifi', 'The printer in room 2.14 jams.\n\nAnother thing: the Wi-Fi in the lobby drops.\n\nLaura\n+44 20 7946 0000');
      assert.equal(issues.length, 2);
      assert.equal(extractDetails(issues[0], shared).phone, '+44 20 7946 0000');
      assert.equal(extractDetails(issues[1], shared).phone, '+44 20 7946 0000');
    });

    it('keeps a detail inside one issue to that issue only', () => {
      const { issues, shared } = splitIssues('', 'The licence key AB12-CD34-EF56-GH78 is rejected. Customer no. 77102.\n\nAlso, my second monitor flickers, it is a Dell P2422H.\n\nThanks, Tom');
      assert.deepEqual(extractDetails(issues[0], shared), { account: '77102', licence: 'AB12-CD34-EF56-GH78' });
      assert.deepEqual(extractDetails(issues[1], shared), { model: 'Dell P2422H' });
    });

    it('lets a billing issue carry the customer account named in another issue', () => {
      const body = 'С 14:10 наш сайт недоступен, продажи остановлены. Аккаунт AC-90017.\n\nТакже прошу проверить, почему счёт за ноябрь выставлен в двойном размере.';
      const { issues, shared } = splitIssues('Упал сайт', body);
      assert.equal(issues.length, 2);
      assert.equal(extractDetails(issues[1], shared).account, 'AC-90017');
    });

    it('gives a place from the shared context to equipment work but not to an issue about accounts only', () => {
      const body = 'We have a new analyst starting on Monday at our 4th floor office. Could you please have a laptop ready for him, and set up his email account, by then?';
      const { issues, shared } = splitIssues('New starter', body);
      assert.equal(issues.length, 2);
      assert.equal(extractDetails(issues[0], shared).location, '4th floor office');
      assert.equal(extractDetails(issues[1], shared).location, undefined);
    });

    it('prefers the issue\'s own value to the shared one', () => {
      assert.deepEqual(extractDetails('Call me on 0744 111 222 about the printer.', 'Ana\nTel. 0744 999 888'), { phone: '0744 111 222' });
    });

    it('does not take the sender\'s postal address in a signature for the place of a problem', () => {
      const { issues, shared } = splitIssues('VPN', 'VPN down.\n\n-- \nJohn Doe\nContoso SRL, Str. Victoriei 10, Cluj');
      assert.equal(extractDetails(issues[0], shared).location, undefined);
    });
  });

  describe('labelled dev set', () => {
    it('finds the labelled details with precision and recall of at least 0.85', () => {
      let hits = 0;
      let found = 0;
      let wanted = 0;
      const misses: string[] = [];
      for (const record of loadDevSet().filter((r) => !r.expect.autoReply)) {
        const { issues, shared } = splitIssues(record.subject, record.body);
        const n = Math.max(issues.length, record.expect.issues.length);
        for (let i = 0; i < n; i++) {
          const got = i < issues.length ? extractDetails(issues[i], shared) : {};
          const want = record.expect.issues[i]?.details ?? {};
          found += Object.keys(got).length;
          wanted += Object.keys(want).length;
          for (const key of new Set([...Object.keys(got), ...Object.keys(want)]) as Set<DetailKey>) {
            if (got[key] !== undefined && got[key] === want[key]) hits++;
            else misses.push(`${record.id} issue ${i} ${key}: got ${JSON.stringify(got[key])}, want ${JSON.stringify(want[key])}`);
          }
        }
      }
      const precision = found === 0 ? 1 : hits / found;
      const recall = wanted === 0 ? 1 : hits / wanted;
      console.log(`      details precision ${precision.toFixed(3)} (${hits}/${found}), recall ${recall.toFixed(3)} (${hits}/${wanted})`);
      if (misses.length > 0) console.log(`      misses:\n        ${misses.join('\n        ')}`);
      assert.ok(precision >= 0.85, `precision ${precision}`);
      assert.ok(recall >= 0.85, `recall ${recall}`);
    });
  });
});
