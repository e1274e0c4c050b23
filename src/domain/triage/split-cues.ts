/**
 * The words that tell where one issue ends and the next begins, and the words
 * that say a paragraph only adds to the one before, in English, Russian and
 * Romanian.
 */
import { WORD_END } from './text';

export type MarkerStrength = 'strong' | 'weak';

export interface Marker {
  strength: MarkerStrength;
  /** Characters the marker takes at the start of the text, punctuation included. */
  length: number;
}

const TAIL = '(?:\\s*[,:;.!—–-]+)?\\s*';

function anchored(source: string): RegExp {
  return new RegExp(`^\\s*(?:${source})${WORD_END}${TAIL}`, 'iu');
}

/**
 * Strong markers announce another matter ("Another thing:", "Кроме того",
 * "În plus"): after one, a request with no known thing still starts an issue.
 */
const STRONG: readonly RegExp[] = [
  anchored('(?:and |oh,? and |oh )?(?:also|another (?:thing|issue|problem|question|request|matter|point)|one more (?:thing|issue|problem|question|request)|one other thing)|oh,? and'),
  anchored('(?:and )?(?:the |my )?(?:second|other|next|third|last|final) (?:thing|issue|problem|question|request|point)(?: is)?|(?:and )?(?:one |a )?(?:last|final) (?:thing|issue|question|request)'),
  anchored('second(?:ly)?(?=\\s*[,:])|third(?:ly)?(?=\\s*[,:])|fourth(?:ly)?(?=\\s*[,:])|finally(?=\\s*[,:])|lastly|last but not least'),
  anchored('separately|on (?:another|a different|an unrelated|a separate|an other) (?:note|topic|matter|subject)|unrelated(?:ly)?(?: to (?:this|that|the above))?|by the way|btw|p\\.?\\s?p?\\.?\\s?s(?:\\.|(?=\\s*:))|ps|in addition|additionally|while i(?:\'m| am) (?:at it|writing|here)'),
  anchored('(?:и |а )?(?:кроме (?:того|этого)|помимо (?:этого|того)|ещ[её] (?:один|одна|одно|вопрос|проблема|момент|просьба)\\p{L}*|отдельн\\p{L}* (?:вопрос|просьба|тема)|(?:втор|трет|друг|следующ)\\p{L}* (?:вопрос|момент|проблем|просьб)\\p{L}*|кстати|заодно|плюс к (?:этому|тому)|и последнее)|и ещ[её]|а ещ[её]|ещ[её](?=\\s*[:—–-])|отдельно|п\\.\\s?с\\.|во-вторых|в-третьих|в-четв[её]ртых'),
  anchored('(?:[șş]i,? )?(?:de asemenea|[îi]n plus|totodat[ăa]|[îi]nc[ăa] (?:ceva|o problem[ăa]|o [îi]ntrebare|un lucru|o rug[ăa]minte|o chestiune)|(?:o )?alt[ăa] (?:problem[ăa]|[îi]ntrebare|chestiune|rug[ăa]minte)|a doua (?:problem[ăa]|[îi]ntrebare|chestiune|rug[ăa]minte)|separat|apropo|pe l[âa]ng[ăa] (?:asta|aceasta|acestea)|mai am (?:o|un) (?:problem[ăa]|[îi]ntrebare|rug[ăa]minte|lucru)|[îi]n al (?:doilea|treilea|patrulea) r[âa]nd|nu [îi]n ultimul r[âa]nd|ultimul lucru)'),
];

/** Weak markers ("также", "și", "Moreover") often join symptoms too: only a new thing makes them split. */
const WEAK: readonly RegExp[] = [
  anchored('moreover|furthermore|besides|plus|next|and|as well'),
  anchored('а также|также|ещ[её]|и'),
  anchored('[șş]i|iar|apoi'),
];

/** "also" among the first words of a sentence ("I also need", "My colleague also"). */
const EARLY_ALSO = /^\s*(?:[\p{L}'’-]+\s+){1,3}(?:also|также|тоже|de asemenea)(?![\p{L}\p{N}])/iu;

export function markerAt(text: string): Marker | undefined {
  for (const re of STRONG) {
    const m = re.exec(text);
    if (m) return { strength: 'strong', length: m[0].length };
  }
  for (const re of WEAK) {
    const m = re.exec(text);
    if (m) return { strength: 'weak', length: m[0].length };
  }
  return EARLY_ALSO.test(text) ? { strength: 'weak', length: 0 } : undefined;
}

/**
 * A segment that only adds to the previous issue: it starts with a pronoun
 * or points back ("It started yesterday", "The error says", "Это началось",
 * "Eroarea apare"), or says the same problem happens elsewhere.
 */
const ANAPHORA: readonly RegExp[] = [
  /^\s*(?:it|this|that|these|those|they|he|she|same|here (?:is|are)|attached|screenshot\p{L}*)(?![\p{L}\p{N}])/u,
  /^\s*(?:This|That|These|Those|They|He|She|Same|Here (?:is|are)|Attached|Screenshot\p{L}*|It(?! (?:department|team|support|dept)))(?![\p{L}\p{N}])/u,
  /^\s*(?:the )?(?:same|error|message|problem|issue|fault|code|serial|s\/n|model|warning)(?![\p{L}\p{N}])/iu,
  /^\s*(?:i|we) (?:have |had |already |also )?(?:tried|restarted|rebooted|reinstalled|checked|cleared|replaced|updated)(?![\p{L}\p{N}])/iu,
  /^\s*(?:please )?see (?:the )?(?:attach|screenshot|below|above)/iu,
  /^\s*(?:это|он|она|оно|они|его|е[её]|их|ошибк\p{L}*|такая же|та же|то же|с тех пор|началось|при (?:попытке|запуске|входе|печати)|скриншот\p{L}*|во вложении|серийн\p{L}*|модель|вот)(?![\p{L}\p{N}])/iu,
  /^\s*(?:я |мы )?(?:пробовал|перезагружал|переустанавливал|проверял|пытал)\p{L}*/iu,
  /^\s*(?:aceasta|acesta|asta|acestea|el|ea|ele|ei|eroarea|aceea[șş]i|la fel|a [îi]nceput|captur\p{L}*|ata[șş]\p{L}*|seria|num[ăa]rul de serie|modelul)(?![\p{L}\p{N}])/iu,
  /^\s*am (?:[îi]ncercat|repornit|reinstalat|verificat)/iu,
];

const SAME_PROBLEM =
  /(?:the )?same (?:problem|issue|error|thing)|same happens|та же (?:проблема|ошибка)|то же самое|такая же (?:проблема|ошибка)|aceea[șş]i (?:problem[ăa]|eroare)|la fel (?:[șş]i|se [îi]nt[âa]mpl[ăa])/iu;

export function pointsBack(text: string): boolean {
  return ANAPHORA.some((re) => re.test(text)) || SAME_PROBLEM.test(text);
}

/** Something is wrong or wanted: a failure, a request or a question. */
const CUES: readonly RegExp[] = [
  /(?:can(?:'|’)?t|cannot|can not|doesn(?:'|’)?t|does not|don(?:'|’)?t|won(?:'|’)?t|isn(?:'|’)?t|aren(?:'|’)?t|hasn(?:'|’)?t|haven(?:'|’)?t|not|no|never|nothing|broken|fail\p{L}*|error|crash\p{L}*|freez\p{L}*|need|please|could you|can you|would you|would like|want|request|help|jam\p{L}*|flicker\p{L}*|drop\p{L}*|slow|stopped|down|unable|keeps?|missing|lost|locked|expired|rejected|disconnect\p{L}*|how (?:do|can|to)|problem\p{L}*|issue\p{L}*|fault\p{L}*|dead|stuck|offline|unavailable|unreachable|times? out|noisy|loud|overheat\p{L}*|blank|beep\p{L}*|wrong)(?![\p{L}])/iu,
  /(?:^|[^\p{L}])(?:не|нет|нужн\p{L}*|нужен|надо|прошу|просьба|помогите|сломал\p{L}*|ошибк\p{L}*|перестал\p{L}*|отвалил\p{L}*|зависа\p{L}*|тормоз\p{L}*|невозможно|требуется|подскажите|необходимо|хочу|можно ли|пропал\p{L}*|глючит|пада\p{L}*|мерца\p{L}*|выда[её]т|отключа\p{L}*|недоступ\p{L}*|проблем\p{L}*|шумит|гре[её]тся|пищит|медленн\p{L}*|сбо\p{L}*)(?![\p{L}])/iu,
  /(?:^|[^\p{L}])(?:nu|am nevoie|v[ăa] rog|v[ăa] rug[ăa]m|eroare|blocat\p{L}*|defect\p{L}*|stricat\p{L}*|se opre[șş]te|se deconecteaz\p{L}*|doresc|a[șş] dori|pute[țţ]i|solicit\p{L}*|ajutor|lent\p{L}*|cum pot|problem\p{L}*|c[ăa]zut\p{L}*)(?![\p{L}])/iu,
  /\?/u,
];

export function hasCue(text: string): boolean {
  return CUES.some((re) => re.test(text));
}

const ONBOARDING: readonly RegExp[] = [
  /(?<![\p{L}])(?:new (?:starter|joiner|hire|employee|colleague|team member|member of staff|analyst|manager|engineer|developer|intern|recruit|user|accountant|assistant)s?|onboard\p{L}*|(?:is|are) (?:joining|starting)|starting (?:on|next|with us|work)|starts (?:on|next|work)|joins (?:us|the team|on)|first day|(?:office|desk|team) move|(?:we|they)(?: are|'re|’re| will be) moving|moving (?:the |our )?(?:[\p{L}-]+ ){0,2}(?:team|staff|department|people|office|desks?|employees)|moving (?:to|into) (?:the|our|a|new)|relocat\p{L}*|move (?:to|into) (?:the|our|a|new))(?![\p{L}])/iu,
  /(?<![\p{L}])(?:нов(?:ый|ая|ого|ой|ому|ые|ых|ую) (?:сотрудни\p{L}*|работни\p{L}*|менеджер\p{L}*|коллег\p{L}*|специалист\p{L}*|бухгалтер\p{L}*|пользовател\p{L}*|аналитик\p{L}*|инженер\p{L}*)|выход\p{L}* нов\p{L}*|выход(?:ит|ят) (?:на работу|к нам)|к нам выход\p{L}*|переезд\p{L}*|переезжа\p{L}*|первый (?:рабочий )?день|онбординг\p{L}*)(?![\p{L}])/iu,
  /(?<![\p{L}])(?:leaver|leaving (?:us|the company|on)|last (?:working )?day|offboard\p{L}*|увольня\p{L}*|увольнени\p{L}*|последний рабочий день|уходит (?:от нас|из компании)|pleac[ăa] din (?:firm[ăa]|companie)|ultima zi (?:de lucru)?|plecarea)(?![\p{L}])/iu,
  /(?<![\p{L}])(?:angajat\p{L}* nou\p{L}*|coleg\p{L}* nou\p{L}*|nou\p{L}* (?:angajat|coleg)\p{L}*|vine la noi|vin la noi|[îi]ncepe (?:lucrul|munca|de la|pe|din)|prima zi|mutare\p{L}*|mut[ăa]m|ne mut[ăa]m|relocare\p{L}*)(?![\p{L}])/iu,
];

/** A new starter, a leaver or a move: work that needs equipment and accounts, one issue per category. */
export function isOnboarding(text: string): boolean {
  return ONBOARDING.some((re) => re.test(text));
}
