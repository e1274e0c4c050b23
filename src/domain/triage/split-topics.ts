/**
 * What a piece of a request is about: the devices, systems and requests it
 * names, in English, Russian and Romanian. Splitting compares these "things"
 * between paragraphs (a new paragraph about another device is another issue)
 * and groups an onboarding request by support centre.
 *
 * Kinds:
 * - device, service, access, app, billing: a thing somebody could fix on its
 *   own; a different one in a new paragraph may be a different issue.
 * - part: part of a device (battery, screen, key). It never makes a paragraph
 *   new: "the screen flickers" after "my monitor" is the same monitor.
 * - generic: "the application", "the program": it refers back to whatever was
 *   named before, so it never makes a paragraph new either.
 */
import type { Category } from '../types';
import { words } from './text';

export type Kind = 'device' | 'service' | 'access' | 'app' | 'billing' | 'part' | 'generic';

interface Topic {
  id: string;
  kind: Kind;
  category: Category;
  re: RegExp;
}

export interface TopicHit {
  id: string;
  kind: Kind;
  category: Category;
  index: number;
}

const L = '\\p{L}*';

/** `caseSensitive` for product names that are also common words ("Word", "Teams", "Office"). */
function topic(id: string, kind: Kind, category: Category, source: string, caseSensitive = false): Topic {
  return { id, kind, category, re: words(source, caseSensitive, caseSensitive ? 'gu' : 'giu') };
}

/** Order matters only where one pattern is the start of another: the longer comes first. */
const TOPICS: readonly Topic[] = [
  topic('server-room', 'device', 'hardware', `server room|серверн${L}|camera serverelor|sala serverelor|rack|UPS|ИБП`),
  topic('laptop', 'device', 'hardware', `laptop${L}|notebook|macbook|thinkpad|elitebook|latitude|ноутбук${L}`),
  topic('computer', 'device', 'hardware', `computer${L}|pcs?(?![\\p{L}])|pc-ul|desktop${L}|workstation${L}|компьютер${L}|ПК|системн${L} блок${L}|calculat(?:or|oare)${L}|sta[țţt]i${L} de lucru`),
  topic('printer', 'device', 'hardware', `printer${L}|mfp|copier${L}|photocopier|laserjet|officejet|ecosys|принтер${L}|мфу|ксерокс${L}|копир${L}|imprimant${L}|copiator${L}|multifunc[țţt]ional${L}`),
  topic('scanner', 'device', 'hardware', `scanner${L}|сканер${L}|scaner${L}`),
  topic('monitor', 'device', 'hardware', `monito(?:r|are)${L}|display(?:s)?(?![\\p{L}])|монитор${L}`),
  topic('desk-phone', 'device', 'hardware', `desk phone|ip phone|voip phone|handset|smartphone|mobile phone|ip-телефон${L}|телефонн${L} аппарат${L}|стационарн${L} телефон${L}|telefon${L} fix|telefonul de birou`),
  topic('dock', 'device', 'hardware', `docking station|dock(?![\\p{L}])|док-станци${L}|sta[țţt]i${L} de andocare`),
  topic('peripheral', 'device', 'hardware', `keyboard|mouse|headset|webcam|клавиатур${L}|мыш(?:ь|ка|ки|кой|ку)|гарнитур${L}|веб-камер${L}|tastatur${L}|c[ăa][șş]ti|camer[ăa] web`),
  topic('projector', 'device', 'hardware', `projector|проектор${L}|proiect(?:or|oare)${L}`),
  // "phones" for a new starter are equipment, but "call me on my phone" is no new issue: a part, never novel.
  topic('phone', 'part', 'hardware', `phones?|телефон${L}|telefo${L}`),
  topic('part', 'part', 'hardware', `batter(?:y|ies)|charger|charging|power adapter|fan(?![\\p{L}])|screen|touchpad|trackpad|hinge|toner|cartridge|батаре${L}|заряд${L}|клавиш${L}|тачпад${L}|экран${L}|вентилятор${L}|картридж${L}|тонер${L}|bateri${L}|[îi]nc[ăa]rc${L}|tast[ăae](?![\\p{L}])|ecran${L}|ventilator${L}|cartu[șş]${L}`),
  topic('wifi', 'service', 'network', `wi-?fi|wireless|wlan|вай-?фай${L}|беспроводн${L}`),
  topic('vpn', 'service', 'network', `vpn`),
  topic('folder', 'access', 'access', `shared folder|folder${L}|shared drive|network drive|sharepoint|папк${L}|сетев${L} диск${L}|director${L} partajat`),
  topic('network', 'service', 'network', `internet${L}|network${L}|интернет${L}|сет(?:ь|и|ью)(?![\\p{L}])|re[țţt]e(?:a|aua|lei|le|ele)(?![\\p{L}])|ethernet|lan(?![\\p{L}])|network ports?|сетев${L} (?:розетк|порт|подключ|кабел|оборудован)${L}|розетк${L}|patch ?panel|коммутатор${L}|switch(?:es)?(?![\\p{L}])|router${L}|роутер${L}|маршрутизатор${L}|priz${L} de re[țţt]ea|switch-ul`),
  topic('website', 'service', 'network', `website|web site|web portal|portal${L}|online (?:shop|store)|e-shop|сайт${L}|портал${L}|личн${L} кабинет${L}|magazin${L} online|site-ul|pagina web`),
  topic('dns', 'service', 'network', `dns|domain|домен${L}|domeniu${L}`),
  topic('server', 'service', 'network', `server${L}|сервер${L}`),
  topic('mailbox', 'access', 'access', `email account|e-mail account|mail account|mailbox|email address|почт${L}|почтов${L} ящик${L}|cont${L} de e-?mail|c[ăa]su[țţt]${L} de e-?mail`),
  topic('email', 'service', 'network', `e-?mails?(?![\\p{L}])|письм${L}|e-?mail${L}`),
  topic('password', 'access', 'access', `password${L}|passcode|парол${L}|parol${L}`),
  topic('mfa', 'access', 'access', `mfa|2fa|two-factor|authenticator|двухфактор${L}|autentificare (?:[îi]n doi pa[șş]i|multi)`),
  topic('login', 'access', 'access', `log ?in(?![\\p{L}])|sign in|locked out|(?<!(?:customer|client|billing|bank) )accounts?(?![\\p{L}])(?!\\s+(?:number|no\\.?|nr\\.?|#|id|is\\s+[\\p{Lu}\\d]|team|department|dept|payable|receivable|manager)|\\s+[\\p{Lu}\\d])|учётн${L} запис${L}|учетн${L} запис${L}|учётк${L}|учетк${L}|аккаунт${L}|логин${L}|войти|авториз${L}|contul(?![\\p{L}])|utilizator${L}|autentific${L}|m[ăa] pot (?:conecta|autentifica|loga)`),
  topic('access', 'access', 'access', `access(?![\\p{L}])|permission${L}|rights|доступ${L}|прав${L} доступа|acces${L}|drepturi${L}|permisiun${L}`),
  topic('install', 'app', 'software', `(?:re)?install${L}|установ(?:ить|ите|ка|ки|ку)|постав(?:ить|ьте)|instal${L}|deploy`),
  topic('licence', 'app', 'software', `licen[cs]e${L}|licen[cs]ing|лицензи${L}|licen[țţt]${L}|product key|ключ${L} (?:активации|продукта|лицензии)|chei${L} de licen`),
  topic('office-app', 'app', 'software', `Outlook|Excel|Word|PowerPoint|Teams|OneDrive|(?:MS |Microsoft )?Office|Microsoft 365|OUTLOOK|EXCEL`, true),
  topic('app', 'app', 'software', `Visio|Acrobat|Adobe|AutoCAD|Photoshop|SAP|ERP|CRM|1[СC](?![\\p{L}\\p{N}])|Zoom|Skype|Chrome|Firefox|Windows|macOS|Контур${L}|Диадок|Kaspersky|Касперск${L}|[Аа]нтивирус${L}|[Aa]ntivirus${L}`, true),
  topic('generic-app', 'generic', 'software', `application${L}|app(?![\\p{L}])|program${L}|software|приложени${L}|программ${L}|aplica[țţt]i${L}|platform${L}|платформ${L}`),
  topic('invoice', 'billing', 'billing', `invoice${L}|billing|receipt|(?<!лицев${L} )сч[её]т(?:а|у|ом|е)?(?= (?:за|№|на оплату|от))|по сч[её]ту|сч[её]т-фактур${L}|factur${L}`),
  topic('payment', 'billing', 'billing', `payment${L}|paid|charged|refund${L}|оплат${L}|плат[её]ж${L}|списал${L}|списани${L}|возврат${L}|plat[ăa](?![\\p{L}])|pl[ăa]ti${L}|pl[ăa]t(?:it|ită|ite)|ramburs${L}|returna[țţt]i suma`),
  topic('subscription', 'billing', 'billing', `subscription${L}|подписк${L}|abonament${L}`),
];

/**
 * Every thing named in the text, in order of appearance. Where two names
 * overlap the longer wins ("email account" is a mailbox, not an email; "server
 * room" is not a server); on a tie, the one listed first.
 */
export function topicsIn(text: string): TopicHit[] {
  const found: (TopicHit & { end: number; rank: number })[] = [];
  TOPICS.forEach((t, rank) => {
    t.re.lastIndex = 0;
    for (let m = t.re.exec(text); m; m = t.re.exec(text)) {
      if (m[0] === '') t.re.lastIndex++;
      else found.push({ id: t.id, kind: t.kind, category: t.category, index: m.index, end: m.index + m[0].length, rank });
    }
  });
  found.sort((a, b) => b.end - b.index - (a.end - a.index) || a.rank - b.rank);
  const kept: typeof found = [];
  for (const hit of found) {
    if (!kept.some((k) => hit.index < k.end && k.index < hit.end)) kept.push(hit);
  }
  return kept.sort((a, b) => a.index - b.index).map(({ id, kind, category, index }) => ({ id, kind, category, index }));
}

/** The things that can stand for an issue of their own (no parts, no "the program"). */
export function things(text: string): Set<string> {
  return new Set(topicsIn(text).filter((h) => h.kind !== 'part' && h.kind !== 'generic').map((h) => h.id));
}

/**
 * The support centre a request for one thing goes to: the first thing it
 * names, except that access words win ("VPN access", "доступ к CRM",
 * "accesul la CRM" are permissions, not the VPN or the CRM).
 */
export function requestCategory(text: string): Category | undefined {
  const hits = topicsIn(text).filter((h) => h.kind !== 'generic');
  if (hits.some((h) => ACCESS_REQUESTS.has(h.id))) return 'access';
  return hits[0]?.category;
}

const ACCESS_REQUESTS = new Set(['access', 'login', 'password', 'mailbox', 'mfa']);

export function categoriesIn(text: string): Category[] {
  const seen: Category[] = [];
  for (const hit of topicsIn(text)) if (!seen.includes(hit.category)) seen.push(hit.category);
  return seen;
}

/** Invoices, payments, refunds, subscriptions: the issue concerns the customer's account. */
export function isBillingLike(text: string): boolean {
  return topicsIn(text).some((h) => h.kind === 'billing');
}

/**
 * Only about accounts, passwords, permissions: nothing physical or networked.
 * A site or floor given as shared context does not concern such an issue
 * (creating a mailbox needs no desk), while it does concern equipment and
 * network work.
 */
export function isAccessOnly(text: string): boolean {
  const categories = topicsIn(text).filter((h) => h.kind !== 'generic').map((h) => h.category);
  return categories.length > 0 && categories.every((c) => c === 'access');
}
