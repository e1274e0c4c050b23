/**
 * Support concepts for similarity: words and phrases in English, Russian and
 * Romanian that mean the same thing, so that "не могу подключиться к VPN" and
 * "VPN-ul nu se conectează" share the terms c:vpn and c:cannot-connect. Plain
 * data in the triage phrase syntax (see triage/rules.ts: stems, "=whole",
 * "a|b" alternatives, up to two words between phrase words).
 *
 * Choices worth knowing when editing:
 *  - Every language's list is matched on every text (customers mix languages
 *    and write product names in Latin letters); Cyrillic phrases cannot match
 *    Latin text, so only English and Romanian stems must not collide.
 *  - A concept should name one thing a second customer would describe the
 *    same way: "printer", "cannot connect". Generic support words (problem,
 *    urgent, help) are not concepts: they make every ticket alike.
 *  - Symptoms (similarity-concepts-symptoms.ts) are separate from what they
 *    affect ("c:cannot-connect" and "c:vpn"), and weigh less: two customers
 *    with the same problem name the same thing, but "cannot connect" is said
 *    of the VPN, the Wi-Fi and the shared folder alike.
 *  - Romanian loanwords written like the English word ("printer", "update")
 *    need no entry of their own: the English list matches them.
 *
 * Hardware, software and billing concepts are in similarity-concepts-more.ts.
 */
import type { Language } from './types';
import { SIGNAL_PHRASES } from './triage/lexicon-signals';
import { MORE_CONCEPTS } from './similarity-concepts-more';
import { SYMPTOMS } from './similarity-concepts-symptoms';

export type ConceptLists = Record<Language, readonly string[]>;

const NETWORK: Record<string, ConceptLists> = {
  vpn: {
    en: ['=vpn', 'anyconnect', 'forticlient', 'globalprotect', 'openvpn', 'wireguard'],
    ru: ['=впн|впна|впну|впне|впном'],
    ro: [],
  },
  wifi: {
    en: ['wifi', 'wi fi', 'wireless', '=wlan'],
    ru: ['вайфай', 'вай фай', 'беспроводн'],
    ro: ['retea|conexiune fara fir'],
  },
  internet: { en: ['internet'], ru: ['интернет', '=инет'], ro: ['=net|netul'] },
  network: {
    en: ['=network|networks', '=lan', 'ethernet'],
    ru: ['=сеть|сети|сетью|сетей', 'сетев'],
    ro: ['=retea|reteaua|retelei|retele|retelele'],
  },
  router: {
    en: ['router', 'modem', 'access point', 'network switch'],
    ru: ['роутер', 'маршрутизатор', 'коммутатор', 'свитч', 'модем', 'точка доступа'],
    ro: ['ruter', 'punct de acces'],
  },
  dns: { en: ['=dns', 'dhcp', 'ip address', '=ip'], ru: ['ip адрес'], ro: ['adresa ip'] },
  firewall: { en: ['firewall', 'proxy'], ru: ['файрвол', 'брандмауэр', 'межсетев экран', 'прокси'], ro: [] },
  'remote-desktop': {
    en: ['remote desktop', '=rdp', 'citrix', 'terminal server', 'remote access', 'teamviewer', 'anydesk'],
    ru: ['удаленн рабоч стол', 'удаленн доступ', 'терминальн сервер'],
    ro: ['desktop la distanta', 'acces la|de la distanta'],
  },
  server: {
    en: ['=server|servers'],
    ru: ['=сервер|сервера|серверу|сервером|сервере|серверы|серверов'],
    ro: ['=serverul|serverului|servere|serverele'],
  },
  'shared-drive': {
    en: ['shared|network|mapped drive|folder|share|disk', 'file share|server', '=nas', 'sharepoint'],
    ru: ['общ папк|диск', 'сетев папк|диск', 'файлов сервер', '=шара'],
    ro: ['folder|folderul|director|disc partajat|comun|de retea', 'server de fisiere'],
  },
  website: {
    en: ['website', 'web site', '=site|sites', 'web page', 'webpage', 'portal', 'online shop|store', 'webshop'],
    ru: ['сайт', 'веб страниц', 'портал', 'интернет магазин'],
    ro: ['=site|siteul|site ul|siteuri', 'pagina web', 'magazin online'],
  },
  browser: { en: ['browser', 'chrome', 'firefox', 'safari'], ru: ['браузер', '=хром'], ro: ['navigator'] },
  certificate: { en: ['certificate', '=ssl|tls|https'], ru: ['сертификат'], ro: ['certificat'] },
};

const MAIL: Record<string, ConceptLists> = {
  email: {
    en: ['email', 'e mail', '=mail|mails', 'mailbox', 'inbox'],
    ru: ['=почта|почты|почте|почту|почтой', 'почтов', 'письм', 'емейл', 'имейл', 'мейл'],
    ro: ['=mailul|mailuri|mailurile', 'posta electronica', 'casuta de mail|email|posta'],
  },
  outlook: { en: ['outlook', 'exchange'], ru: ['аутлук'], ro: [] },
  'mail-delivery': {
    en: ['cannot|cant|unable|not send|receive|sending|receiving email|emails|mail|mails|messages', 'emails|email|mail|mails|messages not|never arriving|arrive|delivered|sent|going', 'bounce', 'undeliverable', 'outbox', 'delivery failure'],
    ru: ['не доход|приход|уход|отправля|доставля письм|почт', 'письм|почт не доход|приход|уход|отправля|доставля', 'не могу отправить|получить письм|почт', 'недоставлен', 'возвращаются'],
    ro: ['nu primesc|primim|trimit|trimitem mail|mailuri|email|emailuri|mesaj|mesaje|mesajele', 'mail|mailurile|emailurile|mesajele nu ajung|pleaca|se trimit', 'returnat', 'nelivrat'],
  },
  spam: { en: ['=spam', '=junk'], ru: ['спам'], ro: [] },
  phishing: { en: ['phishing', 'suspicious link|email|mail|attachment'], ru: ['фишинг', 'подозрительн письм|ссылк'], ro: ['mail|email|link suspect'] },
  calendar: { en: ['calendar', 'meeting invite|invitation'], ru: ['календар'], ro: ['calendar'] },
  'video-call': {
    en: ['=teams', 'zoom', 'skype', 'webex', 'video call|conference', 'google meet'],
    ru: ['видеозвон', 'видеоконференц', 'видеосвяз', '=тимс|зум'],
    ro: ['apel video', 'videoconferint'],
  },
  attachment: { en: ['attachment', 'attached file'], ru: ['вложени'], ro: ['atasament'] },
};

const ACCESS: Record<string, ConceptLists> = {
  password: { en: ['password', 'passcode', 'passwd'], ru: ['парол'], ro: ['parol'] },
  'password-reset': {
    en: ['reset|forgot|forgotten|change|changed|expired password', 'password reset|expired|change'],
    ru: ['сбросить|сброс|восстановить|поменять|сменить|забыл|забыла парол', 'парол истек'],
    ro: ['resetare|resetati|resetarea|resetez|schimbare|schimb|uitat parol', 'parol expirat'],
  },
  login: {
    en: ['login', 'log in|on|into', 'logon', 'sign in|on', 'signin', 'authenticat'],
    ru: ['=вход|входа|входе|входом|войти|зайти|захожу|залогин', 'авториз', 'логин', 'аутентифик'],
    ro: ['autentific', 'logare', '=loga|loghez', 'intra in cont'],
  },
  account: {
    en: ['=account|accounts', 'user account', 'username', 'user name'],
    ru: ['учетн запис', 'учетк', 'аккаунт'],
    ro: ['=cont|contul|contului|conturi|conturile', 'nume de utilizator'],
  },
  'account-locked': {
    en: ['locked out', 'account locked|disabled|blocked|suspended', 'locked|disabled|blocked account', 'lockout'],
    ru: ['заблокир', 'блокировк учетн|аккаунт'],
    ro: ['cont|contul blocat|suspendat|dezactivat', 'blocat contul', 'deblocare|deblocati cont'],
  },
  mfa: {
    en: ['mfa', '2fa', 'two factor', 'multi factor', 'authenticator', 'verification code', '=otp', 'sms code'],
    ru: ['двухфактор', 'код подтверждения', 'смс код', 'код из смс'],
    ro: ['doi pasi', 'cod de verificare|confirmare'],
  },
  'new-user': {
    en: ['new user|starter|employee|hire|colleague', 'onboarding'],
    ru: ['нов* сотрудник|пользовател|коллег'],
    ro: ['angajat|utilizator|coleg|colega nou|noua'],
  },
  leaver: {
    en: ['leaver', 'offboarding', 'left the company', 'disable|deactivate account|user'],
    ru: ['уволил', 'увольн', 'уволенн'],
    ro: ['a plecat din firma|companie', 'dezactiv cont|contul|utilizator'],
  },
  /** The triage list for suspected attacks: hacked accounts, viruses, leaks. */
  security: SIGNAL_PHRASES.security,
};

/** Concept id (without the "c:" prefix) → its phrases per language. */
export const SUPPORT_CONCEPTS: Readonly<Record<string, ConceptLists>> = { ...NETWORK, ...MAIL, ...ACCESS, ...MORE_CONCEPTS, ...SYMPTOMS };

/** Concepts saying how something fails rather than what: they weigh less (similarity-weight.ts). */
export const SYMPTOM_CONCEPTS: ReadonlySet<string> = new Set(Object.keys(SYMPTOMS));
