/**
 * Symptom concepts for similarity: the ways things fail ("cannot connect",
 * "crashes", "slow"), whatever fails. Rules for writing them are in
 * similarity-concepts.ts. They weigh less than the concepts naming what is
 * affected (see similarity-weight.ts): "cannot connect to the VPN" and
 * "cannot connect to the shared folder" are different problems.
 */
import type { Language } from './types';
import { SIGNAL_PHRASES } from './triage/lexicon-signals';
import { UNREACHABLE_PHRASES } from './triage/lexicon-categories';

export const SYMPTOMS: Record<string, Record<Language, readonly string[]>> = {
  'cannot-connect': {
    en: ['not|cannot|cant|unable|wont|doesnt|dont|failed|fails|failing connect', 'connection failed|failure|refused|error|drops|dropping|lost', 'no connection', 'keeps disconnecting'],
    ru: ['не подключ', 'не соедин', 'нет подключения|соединения|связи', 'ошибка подключения|соединения', 'отключается', 'отвалива', 'разрыв соединения'],
    ro: ['nu conect', 'nu pot|putem sa conect', 'fara conexiune', 'eroare de|la conectare|conexiune', 'conexiunea esueaza|a esuat|cade|pica', 'se deconecteaza'],
  },
  outage: {
    en: [...SIGNAL_PHRASES.outage.en, '=down', 'offline', 'went down'],
    ru: [...SIGNAL_PHRASES.outage.ru, 'упал', '=лежит|лежат', 'сбой', 'не работает у всех'],
    ro: [...SIGNAL_PHRASES.outage.ro, 'a picat|cazut', '=picat|cazut', 'intrerupere', 'nefunctional'],
  },
  /** The triage list for "nobody can reach it": timeouts, unreachable servers and sites. */
  unreachable: UNREACHABLE_PHRASES,
  slow: {
    en: ['=slow|slowly|slower|slowness', 'sluggish', '=lag|lags|laggy|lagging', 'takes forever|ages', 'performance'],
    ru: ['медленн', 'тормоз', 'тупит', 'долго грузит|загружа|открыва', 'скорость низк|упала'],
    ro: ['=lent|lenta|lente|lenti', 'incet', 'merge|se misca|se incarca greu|incet', 'viteza mica|scazuta'],
  },
  'cannot-login': {
    en: ['cannot|cant|unable|not log|sign in|on|into', 'cannot|cant|unable login|authenticate', 'login failed|fails|error', 'invalid|incorrect|wrong password|credentials'],
    ru: ['не могу|можем|может|получается|удается войти|зайти|авторизоваться|залогиниться', 'неверный пароль|логин'],
    ro: ['nu ma|ne pot autentifica|loga', 'nu pot|putem intra in cont', 'autentificarea esueaza|a esuat', 'parola gresita|incorecta'],
  },
  'access-denied': {
    en: ['access denied', 'permission denied', 'no|not permission|access|rights', 'not authorised|authorized', 'forbidden'],
    ru: ['нет|без доступа|прав', 'отказано в доступе', 'доступ запрещен', 'недостаточно прав'],
    ro: ['acces refuzat|interzis|respins', 'nu am|avem acces|drepturi|permisiun', 'fara acces|drepturi'],
  },
  access: {
    en: ['=access|accessing', 'permission', 'access rights'],
    ru: ['доступ', 'права доступа', 'предоставить|выдать|дать доступ|права'],
    ro: ['=acces|accesul|accesului', 'drepturi de acces', 'permisiun'],
  },
  'black-screen': {
    en: ['black|blank screen', 'no display|picture|signal|image'],
    ru: ['черный экран', 'нет изображения|сигнала'],
    ro: ['ecran negru', 'nu are|nu apare imagine|semnal', 'fara imagine|semnal'],
  },
  'no-power': {
    en: ['wont|doesnt|not|cannot|cant turn|switch|power on', 'no power', 'not turning|switching|powering on', 'dead'],
    ru: ['не включается', 'нет питания', 'не загружается компьютер|ноутбук'],
    ro: ['nu porneste', 'nu se porneste|aprinde', 'nu mai porneste'],
  },
  overheat: {
    en: ['overheat', 'gets hot', 'fan noise', 'loud fan', 'noisy'],
    ru: ['перегрев', 'греется', 'нагревается', 'шумит'],
    ro: ['supraincalz', 'se incalzeste|incinge', 'face zgomot'],
  },
  broken: {
    en: ['broken', 'cracked', 'damaged', 'spilled', 'smashed'],
    ru: ['сломал', 'разбил', 'трещин', 'залил', 'поврежд'],
    ro: ['stricat', 'crapat', 'varsat', 'deteriorat', '=defect|defecta'],
  },
  repair: { en: ['repair', 'warranty', 'replacement', '=replace'], ru: ['ремонт', 'гаранти', 'замен'], ro: ['repar', 'garanti', 'inlocui'] },
  update: {
    en: ['=update|updates|updated|updating', 'upgrade', '=patch'],
    ru: ['обновлени', 'обнови', 'обновлен', 'апдейт'],
    ro: ['actualiz'],
  },
  install: { en: ['install', 'reinstall', 'setup'], ru: ['установ', 'инсталл', 'переустанов'], ro: ['instal', 'reinstal'] },
  error: {
    en: ['=error|errors', 'exception', 'error message|code'],
    ru: ['ошибк', '=ошибок'],
    ro: ['eroare', 'eroarea', 'erori'],
  },
  crash: {
    en: ['crash', 'keeps closing', 'closes itself|unexpectedly|suddenly', 'quits unexpectedly'],
    ru: ['вылета', 'вылет', 'крашит', 'падает', 'закрывается сам*|внезапно'],
    ro: ['da crash', 'se inchide singur|singura|brusc|neasteptat', 'se opreste brusc', '=crapa'],
  },
  freeze: {
    en: ['freez', 'frozen', '=hang|hangs|hanging', 'not responding', 'unresponsive', 'stuck'],
    ru: ['завис', 'подвис', 'не отвечает', '=висит', 'глючит'],
    ro: ['se blocheaza', '=blocat|blocata', 'ingheat', 'nu raspunde'],
  },
  'not-working': {
    en: ['not|doesnt|dont|isnt|arent|wont|stopped work'],
    ru: ['не работает|работают|работал|работала|работали', 'перестал|перестала|перестали работать', 'не функционирует'],
    ro: ['nu merge|merg', 'nu mai merge|merg', 'nu functioneaz', 'nu mai functioneaz'],
  },
  'cannot-open': {
    en: ['wont|doesnt|cannot|cant|unable|not open|start|launch|load', 'fails to start|open|launch|load'],
    ru: ['не открывается|открываются|запускается|загружается|грузится', 'не могу открыть|запустить'],
    ro: ['nu se deschide|deschid|porneste|incarca', 'nu pot|putem deschide|porni'],
  },
  'storage-full': {
    en: ['disk|mailbox|storage|drive full', 'no|out of|not enough space|storage', 'quota'],
    ru: ['нет места', 'закончилось|не хватает места', 'переполнен', 'квот'],
    ro: ['spatiu insuficient', 'nu mai am|avem spatiu', '=plin|plina', 'fara spatiu'],
  },
  deleted: {
    en: ['=deleted|delete|lost|missing|disappeared file|files|folder|data|emails'],
    ru: ['=удалил|удалила|удалили|удалился|удалились|удалено|удалены', 'пропал', 'исчез'],
    ro: ['=sters|stearsa|sterse|stersi', '=disparut|disparute', 'pierdut'],
  },
  restore: { en: ['restore', 'recover'], ru: ['восстанов'], ro: ['recuper', 'restaur'] },
  'cannot-save': { en: ['cannot|cant|unable|not save'], ru: ['не сохраня', 'не могу сохранить'], ro: ['nu se salveaza', 'nu pot salva'] },
};
