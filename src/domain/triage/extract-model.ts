/**
 * Device models: a maker or a product line followed by the model's own words
 * ("Dell Latitude 7440", "HP LaserJet M404dn", "Kyocera ECOSYS M2040dn",
 * "Lenovo ThinkPad T14", "iPhone 13"), or a value after "model"/"модель"/
 * "modelul". The model's words are the capitalised or alphanumeric tokens
 * right after the maker; the first lower-case word, bracket or comma ends it
 * ("Samsung S24R350 в переговорной", "HP EliteBook 840 G8 se oprește").
 *
 * A model needs a digit somewhere ("Dell P2422H"), so that "Dell support" or
 * "HP Smart" are not models; application names that follow a maker
 * ("Cisco AnyConnect 4.10", "Dell Command Update") are not devices either.
 */
import { WORD_END, WORD_START } from './text';

export interface ModelHit {
  value: string;
  start: number;
  end: number;
}

const MAKERS = [
  'Dell', 'HP', 'HPE', 'Hewlett[- ]Packard', 'Lenovo', 'Apple', 'Samsung', 'Brother', 'Kyocera', 'Canon', 'Epson', 'Xerox',
  'Ricoh', 'Konica[- ]Minolta', 'Sharp', 'Lexmark', 'OKI', 'Asus', 'ASUS', 'Acer', 'MSI', 'Microsoft Surface', 'LG', 'Philips',
  'BenQ', 'ViewSonic', 'AOC', 'Eizo', 'EIZO', 'Iiyama', 'iiyama', 'Logitech', 'Jabra', 'Plantronics', 'Poly', 'Polycom', 'Cisco',
  'Yealink', 'Avaya', 'Grandstream', 'Gigaset', 'Panasonic', 'Synology', 'QNAP', 'Netgear', 'TP-Link', 'Ubiquiti', 'MikroTik',
  'Fortinet', 'FortiGate', 'Zyxel', 'ZyXEL', 'Huawei', 'Xiaomi', 'Fujitsu', 'Toshiba', 'Sony', 'Zebra', 'Honeywell', 'APC',
  'Eaton', 'Supermicro', 'Nokia', 'Motorola', 'Google Pixel', 'Pantum', 'Sennheiser', 'Razer', 'Gigabyte', 'Intel NUC',
  'Aruba', 'Juniper', 'Meraki', 'Sophos', 'SonicWall', 'Palo Alto', 'D-Link', 'Linksys', 'Keenetic', 'Develop', 'Olivetti',
  'Dymo', 'DYMO', 'Bixolon', 'Datalogic', 'Wacom', 'Seagate', 'Western Digital', 'WD', 'Kingston', 'SanDisk', 'NEC', 'Optoma',
  'Vivitek', 'Barco', 'Crestron', 'Bose', 'JBL', 'Snom', 'Alcatel', 'Mitel', 'OnePlus', 'Honor', 'Medion', 'Prestigio', 'Digma',
  'Aquarius', 'Elo', 'Katusha', 'Lexmark', 'Konica', 'Minolta', 'Ricoh', 'Riso', 'Avision', 'Plustek', 'Fellowes',
];

/** Product lines that name the device without the maker ("ThinkPad T14", "iPhone 13"). */
const LINES = [
  'ThinkPad', 'ThinkCentre', 'ThinkVision', 'IdeaPad', 'Latitude', 'OptiPlex', 'Precision', 'Inspiron', 'Vostro', 'XPS',
  'EliteBook', 'ProBook', 'EliteDesk', 'ProDesk', 'ZBook', 'LaserJet', 'OfficeJet', 'DeskJet', 'PageWide', 'ECOSYS', 'TASKalfa',
  'imageRUNNER', 'i-SENSYS', 'PIXMA', 'WorkCentre', 'VersaLink', 'AltaLink', 'bizhub', 'Galaxy', 'iPhone', 'iPad', 'MacBook',
  'iMac', 'Surface', 'ZenBook', 'VivoBook', 'Aspire', 'TravelMate', 'Swift', 'Yoga', 'Pixel',
];

/** Software sold under a hardware maker's name. */
const NOT_DEVICES = /^(?:AnyConnect|Webex|Jabber|Smart|Command|SupportAssist|Vantage|Update|Support|Assistant|Drivers?|Software|Cloud|Office|Teams|Windows|Client|Secure|Connect|Manager|Utility|Universal)$/i;
/** Capitalised words that start a sentence or clause rather than continue a model name. */
const STOP_WORDS = /^(?:I|A|An|The|It|We|My|Our|On|In|At|And|Or|But|Also|Is|Was|From|For|With|To|Since|When|Not|No|Yes|Please|Thanks|Here)$/;

const START = new RegExp(
  `${WORD_START}(?:(?:${MAKERS.join('|')})(?: (?:${LINES.join('|')}))?|${LINES.join('|')})${WORD_END}`,
  'gu',
);
const LINE_IN = new RegExp(`${WORD_START}(?:${LINES.join('|')})${WORD_END}`, 'u');
const MODEL_LABEL = new RegExp(`${WORD_START}(?:model(?:ul)?|модел(?:ь|и|ью))${WORD_END}[ \\t]*[:№#]?[ \\t]*`, 'giu');

/** A token that continues a model name: capitalised, digits, or letters with digits ("M404dn", "G8", "T14"). */
function isModelToken(token: string): boolean {
  if (STOP_WORDS.test(token) || NOT_DEVICES.test(token)) return false;
  return /^[A-Z0-9][A-Za-z0-9+\-/.]*$/.test(token) || /^[a-z]+\d[A-Za-z0-9-]*$/.test(token);
}

/** Reads the model's tokens from `from`; stops at the first word that is not one, or after punctuation. */
function readTokens(text: string, from: number, max: number): { words: string[]; end: number } {
  const words: string[] = [];
  const token = /[ \t]+([^\s,;:()[\]"«»„“”]+)/y;
  let end = from;
  token.lastIndex = from;
  for (let m = token.exec(text); m && words.length < max; m = token.exec(text)) {
    const bare = m[1].replace(/[.!?]+$/, '');
    if (bare === '' || !isModelToken(bare)) break;
    words.push(bare);
    end = m.index + m[0].length - (m[1].length - bare.length);
    if (bare !== m[1]) break;
  }
  return { words, end };
}

function fromMaker(text: string, m: RegExpExecArray): ModelHit | undefined {
  const head = m[0];
  const { words, end } = readTokens(text, m.index + head.length, 4);
  const value = [head, ...words].join(' ');
  // "MacBook Pro", "Apple iPad", "Surface Pro": a product line with more words is a model even without a digit.
  const named = LINE_IN.test(head) && (words.length > 0 || /\s/.test(head));
  if (!/\d/.test(value) && !named) return undefined;
  return { value, start: m.index, end };
}

function fromLabel(text: string, m: RegExpExecArray): ModelHit | undefined {
  const start = m.index + m[0].length;
  const first = /[A-Za-z0-9][A-Za-z0-9+\-/.]*/y;
  first.lastIndex = start;
  const head = first.exec(text);
  if (!head || !/\d/.test(head[0])) return undefined;
  const bare = head[0].replace(/[.]+$/, '');
  const { words, end } = readTokens(text, start + bare.length, 3);
  return { value: [bare, ...words].join(' '), start, end: words.length > 0 ? end : start + bare.length };
}

/** The device models named in the text, in order. */
export function findModels(text: string): ModelHit[] {
  const hits: ModelHit[] = [];
  for (const m of text.matchAll(START)) {
    const hit = fromMaker(text, m as RegExpExecArray);
    if (hit && !hits.some((h) => h.start <= hit.start && hit.start < h.end)) hits.push(hit);
  }
  for (const m of text.matchAll(MODEL_LABEL)) {
    const hit = fromLabel(text, m as RegExpExecArray);
    if (hit && !hits.some((h) => hit.start < h.end && h.start < hit.end)) hits.push(hit);
  }
  return hits.sort((a, b) => a.start - b.start);
}
