/**
 * Realistic customer mails for the benchmark: support requests in English,
 * Russian and Romanian (with and without diacritics), one distinct customer
 * per mail (bench-<i>@example.test). Deterministic for a given seed, so two
 * runs send the same bytes.
 */
import { prng } from '../test/support/prng';
export type Lang = 'en' | 'ru' | 'ro';

export interface BenchMail {
  i: number;
  lang: Lang;
  from: { name: string; address: string };
  subject: string;
  text: string;
  messageId: string;
}

type Slots = { name: string; order: string; product: string; day: string; amount: string };
type Template = { subject: (s: Slots) => string; body: (s: Slots) => string };

const EN: Template[] = [
  { subject: (s) => `Order ${s.order} has not arrived yet`, body: (s) => `Hello,\n\nI ordered a ${s.product} on ${s.day} (order ${s.order}) and it still has not arrived. The tracking page has not changed for five days.\nCould you please check where it is and let me know when I can expect it?\n\nThanks,\n${s.name}` },
  { subject: () => `Cannot log in to my account`, body: (s) => `Hi,\n\nsince yesterday I cannot log in to my account. I reset the password twice but the site keeps saying the link has expired.\nI need access today because my invoices are there.\n\nRegards,\n${s.name}` },
  { subject: (s) => `Refund for ${s.product}`, body: (s) => `Dear support team,\n\nI returned the ${s.product} from order ${s.order} two weeks ago and the courier confirmed the delivery. I have not received the refund of ${s.amount} EUR yet.\nPlease tell me when the money will be sent back to my card.\n\nBest regards,\n${s.name}` },
  { subject: (s) => `${s.product} stopped working after the update`, body: (s) => `Hello,\n\nafter the last firmware update my ${s.product} does not turn on any more. The light blinks orange three times and then nothing happens.\nIs there a way to roll back the update, or should I send it in for repair? It is still under warranty (order ${s.order}).\n\n${s.name}` },
  { subject: () => `Wrong invoice address`, body: (s) => `Hi there,\n\nthe invoice for order ${s.order} has our old company address on it. Our accountant cannot book it like this.\nCould you please issue a corrected invoice? The new address is in my profile since ${s.day}.\n\nThank you,\n${s.name}` },
  { subject: (s) => `Question about the warranty of my ${s.product}`, body: (s) => `Hello,\n\nhow long is the warranty for the ${s.product}? I bought it on ${s.day} and the battery already lasts only an hour.\nDo I need to keep the original box to make a claim?\n\nKind regards,\n${s.name}` },
];

const RU: Template[] = [
  { subject: (s) => `Заказ ${s.order} до сих пор не доставлен`, body: (s) => `Здравствуйте!\n\nЯ оформил заказ ${s.order} (${s.product}) ${s.day}, но посылка до сих пор не пришла. Статус на сайте не меняется уже пять дней.\nПодскажите, пожалуйста, где сейчас мой заказ и когда его ждать?\n\nС уважением,\n${s.name}` },
  { subject: () => `Не могу войти в личный кабинет`, body: (s) => `Добрый день!\n\nСо вчерашнего дня не получается войти в личный кабинет. Дважды сбрасывал пароль, но ссылка из письма пишет, что она устарела.\nМне срочно нужен доступ, там мои счета.\n\nСпасибо,\n${s.name}` },
  { subject: (s) => `Возврат денег за ${s.product}`, body: (s) => `Здравствуйте,\n\nдве недели назад я вернул ${s.product} из заказа ${s.order}, курьер подтвердил доставку. Возврат ${s.amount} EUR на карту так и не поступил.\nПодскажите, когда ждать деньги?\n\n${s.name}` },
  { subject: (s) => `${s.product} перестал работать после обновления`, body: (s) => `Добрый день.\n\nПосле последнего обновления прошивки ${s.product} больше не включается: индикатор три раза мигает оранжевым, и всё.\nМожно ли откатить обновление или нужно отправлять устройство в ремонт? Гарантия ещё действует (заказ ${s.order}).\n\nС уважением,\n${s.name}` },
  { subject: () => `Неверный адрес в счёте`, body: (s) => `Здравствуйте!\n\nВ счёте по заказу ${s.order} указан старый адрес нашей компании, бухгалтерия не может его принять.\nПрошу выставить исправленный счёт. Новый адрес указан в профиле с ${s.day}.\n\nБлагодарю,\n${s.name}` },
];

const RO: Template[] = [
  { subject: (s) => `Comanda ${s.order} nu a ajuns încă`, body: (s) => `Bună ziua,\n\nam plasat comanda ${s.order} (${s.product}) pe ${s.day} și încă nu am primit coletul. Pagina de urmărire nu s-a mai schimbat de cinci zile.\nVă rog să verificați unde se află și când pot să o aștept.\n\nMulțumesc,\n${s.name}` },
  { subject: () => `Nu ma pot autentifica in cont`, body: (s) => `Buna ziua,\n\nde ieri nu ma pot autentifica in contul meu. Am resetat parola de doua ori, dar linkul din mail spune ca a expirat.\nAm nevoie de acces azi, pentru ca facturile mele sunt acolo.\n\nCu stima,\n${s.name}` },
  { subject: (s) => `Rambursare pentru ${s.product}`, body: (s) => `Stimată echipă de suport,\n\nam returnat ${s.product} din comanda ${s.order} acum două săptămâni și curierul a confirmat livrarea. Nu am primit încă rambursarea de ${s.amount} EUR.\nVă rog să îmi spuneți când vor fi returnați banii pe card.\n\nCu stimă,\n${s.name}` },
  { subject: (s) => `${s.product} nu mai funcționează după actualizare`, body: (s) => `Bună ziua,\n\ndupă ultima actualizare ${s.product} nu mai pornește. Ledul clipește portocaliu de trei ori și apoi nu se mai întâmplă nimic.\nSe poate reveni la versiunea veche sau trebuie să îl trimit la service? Este încă în garanție (comanda ${s.order}).\n\n${s.name}` },
  { subject: () => `Adresa gresita pe factura`, body: (s) => `Buna ziua,\n\npe factura pentru comanda ${s.order} apare adresa veche a firmei noastre si contabilitatea nu o poate inregistra.\nVa rog sa emiteti o factura corectata. Adresa noua este in profil din ${s.day}.\n\nMultumesc,\n${s.name}` },
];

const NAMES: Record<Lang, string[]> = {
  en: ['John Carter', 'Emily Stone', 'Michael Brown', 'Sarah Miller', 'David Wilson', 'Laura Green'],
  ru: ['Иван Петров', 'Ольга Смирнова', 'Алексей Кузнецов', 'Мария Иванова', 'Дмитрий Соколов', 'Анна Попова'],
  ro: ['Andrei Popescu', 'Ioana Ionescu', 'Mihai Rusu', 'Elena Munteanu', 'Cristina Lungu', 'Vlad Ciobanu'],
};
const PRODUCTS = ['ThinkPad X13', 'ECOSYS M2040dn', 'Galaxy Tab S9', 'AirPods Pro', 'Kindle Paperwhite', 'Roborock S8', 'Garmin Forerunner 265'];

const rng = prng;

/** n mails: about 40 % English, 30 % Russian, 30 % Romanian. `tag` keeps Message-IDs unique per run. */
export function makeCorpus(n: number, tag: string, domain = 'example.test', seed = 20261123): BenchMail[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const mails: BenchMail[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    const lang: Lang = x < 0.4 ? 'en' : x < 0.7 ? 'ru' : 'ro';
    const tpl = pick(lang === 'en' ? EN : lang === 'ru' ? RU : RO);
    const slots: Slots = {
      name: pick(NAMES[lang]),
      order: `A${String(100000 + Math.floor(r() * 900000))}`,
      product: pick(PRODUCTS),
      day: `${1 + Math.floor(r() * 28)}.${1 + Math.floor(r() * 12)}.2026`,
      amount: String(20 + Math.floor(r() * 900)),
    };
    mails.push({
      i,
      lang,
      from: { name: slots.name, address: `bench-${i}@${domain}` },
      subject: tpl.subject(slots),
      text: tpl.body(slots),
      messageId: `bench-${tag}-${i}@customer.${domain}`,
    });
  }
  return mails;
}
