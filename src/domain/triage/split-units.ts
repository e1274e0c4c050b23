/**
 * The core text as blocks: plain paragraphs, and lists with the paragraph
 * that leads into them. List items are recognised by "-", "*", "•", "—",
 * "1.", "1)", "(1)", "a)", "i." and Roman numerals at the start of a line, and
 * by "1) … 2) …" run together on one line. One marker of a kind is not a
 * list: a kind counts only when it starts two lines or more.
 */
import { paragraphs } from './text';

export type Block =
  | { kind: 'para'; text: string }
  | { kind: 'list'; lead?: string; items: string[] };

const ITEM = /^\s*(?:([-*•–—·▪►●○◦])|\(?(\d{1,2})[.)]|\(?([a-hA-H])[.)]|\(?((?:i{1,3}|iv|vi{0,3}|ix|x)|(?:I{1,3}|IV|VI{0,3}|IX|X))[.)])\s+(?=\S)/u;

function family(line: string): { family: string; marker: number } | undefined {
  const m = ITEM.exec(line);
  if (!m) return undefined;
  // Customers mix bullet characters within one list ("-" then "•"): one family.
  const kind = m[1] !== undefined ? 'bullet' : m[2] !== undefined ? 'number' : m[3] !== undefined ? 'letter' : 'roman';
  // "i." and "v." read as letters inside an a), b), c) list; the caller merges both families.
  return { family: kind === 'roman' ? 'letter' : kind, marker: m[0].length };
}

/**
 * "1) printer broken 2) need VPN" on one line becomes one line per item, but
 * only when the numbers (or letters) run 1, 2, 3… in order: "Windows 10. Then"
 * is not a list.
 */
function expandInline(line: string): string {
  for (const re of [/(^|\s)\(?(\d{1,2})[.)](?=\s+\S)/gu, /(^|\s)\(?([a-h])\)(?=\s+\S)/gu]) {
    const hits = [...line.matchAll(re)];
    const first = hits.findIndex((h) => h[2] === '1' || h[2] === 'a');
    if (first < 0) continue;
    const cuts: number[] = [];
    let expected = hits[first][2];
    for (const hit of hits.slice(first)) {
      if (hit[2] !== expected) continue;
      cuts.push((hit.index ?? 0) + hit[1].length);
      expected = /\d/.test(expected) ? String(Number(expected) + 1) : String.fromCharCode(expected.charCodeAt(0) + 1);
    }
    if (cuts.length < 2) continue;
    let out = line;
    for (const at of cuts.reverse()) if (at > 0) out = `${out.slice(0, at).trimEnd()}\n${out.slice(at)}`;
    return out;
  }
  return line;
}

interface Line {
  text: string;
  family?: string;
  marker: number;
  paragraph: number;
}

function lines(core: string): Line[] {
  const out: Line[] = [];
  paragraphs(core).forEach((block, paragraph) => {
    for (const raw of block.split('\n').flatMap((l) => expandInline(l).split('\n'))) {
      const f = family(raw);
      out.push({ text: raw.trim(), family: f?.family, marker: f?.marker ?? 0, paragraph });
    }
  });
  // A kind of marker seen once is a dash or a number in prose, not a list.
  const counts = new Map<string, number>();
  for (const l of out) if (l.family) counts.set(l.family, (counts.get(l.family) ?? 0) + 1);
  for (const l of out) if (l.family && (counts.get(l.family) ?? 0) < 2) l.family = undefined;
  return out;
}

/** Paragraphs and lists, in order. Wrapped lines of an item stay with it; a new paragraph ends the list. */
export function blocks(core: string): Block[] {
  const out: Block[] = [];
  let para: string[] = [];
  let list: { items: string[]; family: string; paragraph: number } | undefined;
  let paragraph = -1;
  const flushPara = (): void => {
    if (para.length > 0) out.push({ kind: 'para', text: para.join('\n') });
    para = [];
  };
  const flushList = (): void => {
    if (!list) return;
    const prev = out[out.length - 1];
    const lead = prev?.kind === 'para' ? prev.text : undefined;
    if (lead !== undefined) out.pop();
    out.push({ kind: 'list', lead, items: list.items });
    list = undefined;
  };
  for (const line of lines(core)) {
    const newParagraph = line.paragraph !== paragraph;
    paragraph = line.paragraph;
    if (line.family) {
      if (list && list.family !== line.family) flushList();
      flushPara();
      list ??= { items: [], family: line.family, paragraph };
      list.items.push(line.text.slice(line.marker).trim());
    } else if (list && !newParagraph) {
      list.items[list.items.length - 1] += `\n${line.text}`;
    } else {
      flushList();
      if (newParagraph) flushPara();
      para.push(line.text);
    }
  }
  flushList();
  flushPara();
  return out;
}
