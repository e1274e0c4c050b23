/**
 * Support concepts for devices, applications and billing; the rules for
 * writing them are in similarity-concepts.ts.
 */
import type { Language } from './types';

type ConceptLists = Record<Language, readonly string[]>;

const DEVICES: Record<string, ConceptLists> = {
  printer: {
    en: ['printer', 'printing', '=print|prints|printed', 'print out', '=mfp', 'copier', 'photocopier', 'plotter'],
    ru: ['принтер', 'печат', 'распечат', '=мфу', 'копир', 'ксерокс', 'плоттер'],
    ro: ['imprimant', 'printeaz', 'tipar', 'multifunctional', 'copiator', 'xerox'],
  },
  toner: { en: ['toner', 'cartridge', '=ink'], ru: ['тонер', 'картридж', 'краск'], ro: ['cartus', 'cerneal'] },
  'paper-jam': {
    en: ['paper jam', '=jam|jams|jammed|jamming'],
    ru: ['замят', 'жует|застревает|застряла бумаг', 'бумаг застревает|застряла'],
    ro: ['blocaj hartie|de hartie', 'hartia se blocheaza|blocata'],
  },
  scanner: {
    en: ['scanner', '=scan|scans|scanned|scanning'],
    ru: ['сканер', 'сканиров'],
    ro: ['scaner', 'scanare|scanat|scanez|scaneaza'],
  },
  laptop: { en: ['laptop', 'notebook', 'thinkpad', 'macbook'], ru: ['ноутбук', '=ноут', 'лэптоп'], ro: [] },
  computer: {
    en: ['computer', '=pc|pcs', 'desktop', 'workstation'],
    ru: ['компьютер', '=пк', 'системн блок', 'моноблок'],
    ro: ['calculator', 'unitate centrala', 'statie de lucru'],
  },
  monitor: {
    en: ['=monitor|monitors|screen|screens|display|displays'],
    ru: ['=монитор|монитора|монитору|монитором|мониторе|мониторы|мониторов', 'экран', 'дисплей'],
    ro: ['=monitorul|monitorului|monitoare|monitoarele', 'ecran'],
  },
  keyboard: { en: ['keyboard', '=keys'], ru: ['клавиатур', 'клавиш'], ro: ['tastatur', '=tasta|tastele|taste'] },
  mouse: { en: ['=mouse|mice', 'touchpad', 'trackpad'], ru: ['мыш*', 'тачпад'], ro: ['mouse ul'] },
  audio: {
    en: ['headset', 'headphone', 'microphone', '=mic', 'speaker', '=sound|audio'],
    ru: ['гарнитур', 'наушник', 'микрофон', '=звук|звука|звуком', 'колонк'],
    ro: ['=casti|castile', 'microfon', 'difuzor', '=boxe|boxele|sunet|sunetul'],
  },
  webcam: { en: ['webcam', '=camera|cameras'], ru: ['вебкамер', 'веб камер', '=камера|камеры|камеру|камерой'], ro: ['camera web'] },
  dock: { en: ['docking', '=dock', 'port replicator'], ru: ['док станци', 'докстанци'], ro: ['andocare'] },
  cable: { en: ['cable', '=usb|hdmi|displayport', 'adapter'], ru: ['кабел', 'переходник', 'адаптер'], ro: ['cablu', 'adaptor'] },
  battery: {
    en: ['battery', 'batteries', 'charger', 'charging', 'not =charge|charging'],
    ru: ['аккумулятор', 'батаре', 'зарядк', 'зарядн', 'заряжа'],
    ro: ['bateri', 'incarcator', 'nu se incarca bateria'],
  },
  phone: {
    en: ['=phone|phones', 'smartphone', 'iphone', 'android', 'mobile phone', 'desk phone', 'telephone'],
    ru: ['=телефон|телефона|телефоне|телефону|телефоном|телефоны|телефонов', 'смартфон'],
    ro: ['=telefon|telefonul|telefonului|telefoane|telefoanele', '=mobilul'],
  },
  tablet: { en: ['tablet', 'ipad'], ru: ['планшет'], ro: ['tableta'] },
  disk: { en: ['hard drive|disk', '=ssd|hdd', '=disk|disks'], ru: ['жестк диск', '=диск|диска|диске|диском'], ro: ['hard disk', '=disc|discul'] },
  projector: { en: ['projector', 'beamer'], ru: ['проектор'], ro: ['proiector'] },
  'pos-terminal': {
    en: ['=till|tills', '=pos', 'card terminal|reader', 'payment terminal', 'cash register', 'barcode'],
    ru: ['касс', '=терминал|терминалы|терминала', 'штрих код|кода'],
    ro: ['casa|casele de marcat', 'terminal pos|de plata', 'cod de bare'],
  },
  sim: { en: ['=sim', 'sim card', 'mobile data', 'roaming'], ru: ['сим карт', 'симк', 'мобильн интернет', 'роуминг'], ro: ['cartela sim', 'date mobile'] },
};

const SOFTWARE: Record<string, ConceptLists> = {
  office: { en: ['office 365', 'microsoft 365', '=m365', 'ms office', 'microsoft office'], ru: ['=офис'], ro: [] },
  excel: { en: ['excel', 'spreadsheet'], ru: ['эксель', 'таблиц'], ro: ['foaie de calcul'] },
  word: { en: ['=word', 'word document'], ru: ['=ворд'], ro: [] },
  onedrive: { en: ['onedrive', 'dropbox', 'google drive', 'sync'], ru: ['синхрониз'], ro: ['sincroniz'] },
  erp: { en: ['=erp|sap', 'navision', 'dynamics', '1c', '1с'], ru: ['=1с', 'бухгалтерск программ'], ro: [] },
  crm: { en: ['=crm', 'salesforce', 'hubspot', 'bitrix'], ru: ['битрикс'], ro: [] },
  pdf: { en: ['=pdf', 'adobe', 'acrobat'], ru: [], ro: [] },
  antivirus: { en: ['antivirus', 'anti virus', 'defender', 'kaspersky', 'eset'], ru: ['антивирус', 'касперск'], ro: [] },
  os: { en: ['windows', 'macos', 'linux', 'operating system'], ru: ['=виндовс', 'операционн систем'], ro: ['sistem de operare'] },
  driver: { en: ['driver'], ru: ['драйвер'], ro: [] },
  licence: {
    en: ['licence', 'license', 'licensing', 'activation', 'product key'],
    ru: ['лицензи', 'активаци', 'ключ активации|продукта'],
    ro: ['licent', 'activare', 'cheie de|cheia de licenta|activare'],
  },
  backup: { en: ['backup', 'back up'], ru: ['бэкап', 'бекап', 'резервн копи'], ro: ['copie de rezerva|siguranta'] },
  database: { en: ['database', '=db|sql'], ru: ['баз* данных'], ro: ['baza|bazei de date'] },
  'e-signature': {
    en: ['digital|electronic signature', '=token|tokens'],
    ru: ['эцп', 'электронн подпис', '=токен'],
    ro: ['semnatur electronic|digital'],
  },
};

const BILLING: Record<string, ConceptLists> = {
  invoice: {
    en: ['invoice', '=bill|bills|billing'],
    ru: ['=счет|счета|счету|счете|счетом|счетов', 'счет фактур'],
    ro: ['factur'],
  },
  payment: {
    en: ['payment', '=pay|paid|paying', 'bank transfer'],
    ru: ['оплат', 'платеж'],
    ro: ['=plata|plati|platii|platit|platita|platesc|platim|achitat', 'achit', 'transfer bancar'],
  },
  refund: { en: ['refund', 'money back', 'reimburse'], ru: ['возврат', 'вернуть деньги|оплату'], ro: ['rambursa', 'returna banii|suma'] },
  'double-charge': {
    en: ['charged twice', 'double charged|charge|payment', 'overcharg', 'paid twice'],
    ru: ['дважды списал|оплатил', 'двойное списание|оплата', 'переплат'],
    ro: ['de doua ori taxat|debitat|platit', 'taxat|debitat|platit de doua ori', 'dubla plata|taxare'],
  },
  subscription: {
    en: ['subscription', 'renewal', 'contract', 'plan upgrade|downgrade'],
    ru: ['подписк', 'продлени', 'договор', 'тариф'],
    ro: ['abonament', 'reinnoire', '=contract|contractul|contractului', 'tarif'],
  },
  price: {
    en: ['price', 'pricing', '=quote', 'quotation', '=cost|costs', 'how much'],
    ru: ['цена', 'цену', 'стоимост', 'сколько стоит|стоят', 'коммерческ предложени'],
    ro: ['=pret|pretul|preturi', 'oferta', 'cat costa', '=cost|costul|costuri'],
  },
  'billing-details': {
    en: ['=vat', 'iban', 'bank details', 'billing address', 'company details'],
    ru: ['=ндс|инн', 'реквизит'],
    ro: ['=tva|cui|cif', 'date de facturare'],
  },
  receipt: {
    en: ['receipt', 'credit note', 'statement'],
    ru: ['акт сверки', 'квитанц', 'закрывающ документ'],
    ro: ['chitanta', 'extras de cont', 'nota de credit'],
  },
  overdue: {
    en: ['overdue', 'payment reminder', 'outstanding balance', 'late fee'],
    ru: ['задолженност', 'просроч', '=пени'],
    ro: ['restant', 'scadent', 'penalit'],
  },
  card: { en: ['credit|debit|bank card', 'card declined'], ru: ['банковск карт', '=карта|карты|карту|картой'], ro: ['=card|cardul|cardului'] },
};

export const MORE_CONCEPTS: Record<string, ConceptLists> = { ...DEVICES, ...SOFTWARE, ...BILLING };
