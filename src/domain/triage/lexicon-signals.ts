/**
 * Default priority-signal vocabulary (plain data; syntax in rules.ts). How the
 * signals combine into P1-P4 is in classify.ts; what they mean is LABELS.md.
 *
 * Choices worth knowing when editing:
 *  - No signal lists "urgent", "ASAP", "срочно" or "urgent": LABELS.md says
 *    impact decides, not the customer's adjectives.
 *  - many-users phrases carry the failure with them ("nobody can", "#20 users
 *    cannot"): "all users" or "14 people" alone also appear in office moves
 *    and licence counts.
 *  - A locked account is not "blocked": lost access is P3 unless a deadline
 *    or "cannot work" is stated, so "blocked" lists only work stopping.
 *  - deadline-today covers "tomorrow" too (LABELS.md's limit is one working
 *    day), but only as a deadline ("by tomorrow", "meeting tomorrow"): "it
 *    broke today" or "look at it tomorrow" is not one. A bare today/tomorrow
 *    is the near-date signal, which only counts for planned work.
 *  - already-late and near-date only matter together with planned-future;
 *    otherwise LABELS.md says to judge by impact.
 *  - Month dates alone are not planned-future ("invoice from 2 November" is
 *    in the past); planned work is recognised by its event words.
 */
import type { Language } from '../types';

type Lists = Record<Language, string[]>;

const outage: Lists = {
  en: [
    'outage', 'site wide', 'sitewide', 'company wide', 'enterprise wide', 'organisation wide',
    'organization wide', 'entire company', 'whole company', 'all systems', 'everything is down',
    'major incident', 'server|servers|website|network|system|systems|erp|crm|email|portal|shop|store is|are|went down',
    'production is|went down', 'phone|phones|telephony|switchboard|pbx is|are|went down', 'defaced', 'down for everyone', 'down for all', 'nothing works for anyone',
    '"we have no" internet|network|connection|phones|email', 'we|office|site|store|warehouse lost internet|network|connection|power',
    'our office|site|store|warehouse|branch is|are offline',
  ],
  ru: [
    'авари', 'массов сбой', 'глобальн сбой', 'сбой во всем|всей|у всех', 'все упало', 'все лежит',
    'ничего не работает у всех', 'у нас нет интернета|сети|связи|почты', 'пропал интернет|связь во|в всем|всей', 'упал|лежит сайт|сервер|портал|система|сеть',
    'сайт|сервер|портал|система|сеть упал|упала|лежит',
  ],
  ro: [
    'pana generala|totala', 'intrerupere totala|generala', 'este cazut', 'e cazut', 'sunt cazute',
    'a cazut|picat serverul|site|sistemul|reteaua|tot', 'nu functioneaza nimic', 'nimic nu functioneaza',
    'toate sistemele', 'nu avem internet|retea|conexiune|telefoane',
  ],
};

const security: Lists = {
  en: [
    'breach', 'ransom', 'ransomware', 'malware', '=virus|viruses', 'trojan', 'hacked', 'hacker', 'compromised',
    'intrusion', 'attacker', 'intruder', 'unauthorized|unauthorised access|login|logins', 'suspicious login|logins|sign|activity',
    'someone logged into|in', 'someone else logged', 'clicked phishing|link', 'entered my password on',
    'data leak', 'leaked', 'exfiltrat', 'encrypted our|my|the|all files', 'files encrypted|were', 'ddos',
    'cyber attack', 'cyberattack', 'under attack', 'data loss in progress', '"we are losing data"',
    'files|data are being deleted|encrypted|wiped', 'files|data disappearing', 'sending spam from', 'someone is using|accessed|has access my|our',
    'emails|messages i|we did not send|write', 'emails|messages i|we didnt send|write', 'unknown device|person logged|signed',
  ],
  ru: [
    'взлом', 'вирус', 'шифровальщик', 'вымогател', 'выкуп', 'троян', 'вредонос', 'утечк данных|информации|паролей',
    'несанкционированн',
    'подозрительн вход|активност', 'кто то вош*|зашел|залез', 'перешел по ссылке', 'файлы|данные зашифрован',
    'зашифровал файлы|данные|все', 'ddos', 'ддос', 'атак', 'потеря данных', 'кто то использует|рассылает', 'от моего имени', 'письма которые я не', 'пропадают файлы|данные', 'удаляются файлы|данные',
  ],
  ro: [
    'bresa', 'atac', 'ransomware', 'malware', '=virus|virusi|virusul', 'troian', 'cont spart',
    'contul|site|serverul|email a fost spart', 'spart contul|site|serverul|emailul', 'am fost sparti|spart', 'compromis',
    'acces neautorizat', 'autentificari suspecte', 'activitate suspecta', 'scurgere de date', 'date furate',
    'fisierele|datele au fost criptate', 'criptat fisierele|datele|tot', 'rascumparare', 'pierdere de date',
    'se sterg fisierele|datele', 'dispar fisierele|datele', 'cineva a intrat|foloseste contul|in cont',
    'mesaje pe care nu le am trimis', 'in numele meu',
  ],
};

const manyUsers: Lists = {
  en: [
    '"nobody|noone can|in|at|on|from|here"', '"no one can|in|at|on|from|here"', 'none of the|our #|users|people|staff|employees|colleagues|customers|clients',
    'nobody in', 'everyone|everybody affected|cannot|cant|unable|lost', 'affects everyone|everybody|all', 'whole office|floor|building|network', '"none of us"', '"all of us" cannot|cant|are|have|lost',
    'everyone here', 'entire company|office|floor|building|site|staff',
    'unreachable|unavailable|offline|failing|fails|broken for all|everyone|everybody|any|every',
    'entire office|floor|building', 'all users|staff|employees|colleagues cannot|cant|are|have|lost|get|unable',
    'all our users|staff|employees|customers|clients', 'all branches|sites|stores|shops|offices',
    '#20 users|people|staff|employees|colleagues|customers|clients cannot|cant|unable|are|have|lost|not|affected',
    'whole|entire warehouse|site|store|shop|factory|plant|branch|department',
    'customers|clients cannot|cant|are unable',
    'several|many|multiple users|customers|clients|colleagues|people cannot|cant|unable|affected',
    'all|every computers|pcs|phones|printers|laptops|machines|tills', 'entire|whole staff|network',
  ],
  ru: [
    'весь офис|склад|филиал|магазин|цех|завод', 'вся площадка|сеть магазинов', 'во всем офисе|здании|филиале', 'всем офисе', 'всего офиса', 'вся компания', 'всей компании',
    'все сотрудники|пользователи|клиенты не|без', 'у всех', 'все компьютеры|телефоны|кассы|принтеры', 'вся сеть',
    'во всем здании', 'весь этаж', 'всех пользователей|сотрудников не', 'вся компания|организация', 'ни у кого', 'никто не может|могут', 'ни один',
    '#20 сотрудник|пользовател|человек|клиент|коллег не|нет', 'клиенты не могут', 'массово', 'всех филиал',
    'все филиалы|магазины|офисы', 'клиенты звонят|жалуются',
  ],
  ro: [
    'tot biroul|sediul|etajul|depozitul|magazinul|departamentul', 'toata fabrica|cladirea|hala', 'toata firma|compania|reteaua', 'la toata lumea', 'toata lumea nu', 'toti angajatii|utilizatorii|colegii|clientii nu|primesc|sunt',
    'toate calculatoarele|telefoanele|casele|imprimantele', 'intreaga firma|companie|retea|cladire',
    'nimeni', 'niciun angajat|utilizator|coleg|client', 'nicio filiala',
    '#20 angaja|utilizator|oameni|persoane|clien|colegi nu', 'clientii nu pot', 'clienti in asteptare',
    'toate filialele|magazinele|birourile',
  ],
};

const revenueStopped: Lists = {
  en: [
    'orders are piling', 'orders piling', 'cannot|cant|unable take|process orders|payments', 'customers cannot|cant pay|order',
    'sales stopped|have stopped|halted', 'sales are stopped|halted', 'production stopped|halted',
    'production line|lines stopped|down|halted|not',
    'production is stopped|halted', 'losing money|sales|revenue', 'tills|checkout|checkouts|pos not|down',
    'cannot|cant|unable invoice|ship|sell', 'card payments|terminal|terminals not|fail|failing|down|declined',
  ],
  ru: [
    'продажи|отгрузки|поставки|продажи остановлены|остановились|стоят|встали', 'касса|кассы не', 'не проводит платежи', 'не можем принимать оплату',
    'клиенты не могут оплатить|заказать', 'производство остановлено|стоит|встало', 'линия остановлена|встала',
    'теряем деньги|клиентов|выручку', 'заказы не проходят|принимаются|поступают', 'не можем отгружать|продавать',
    'не можем выставлять счета',
  ],
  ro: [
    'vanzarile sunt|s au oprite|opresc|blocate', 'vanzarile oprite', 'clientii nu pot plati|comanda',
    'nu putem incasa', 'productia este|s a oprita|oprit', 'linia de productie oprita|s a oprit|nu', 'pierdem bani|clienti|vanzari',
    'nu putem|poate|pot emite facturi', 'nu putem lua comenzi', 'facturarea|livrarile|productia|vanzarile este|sunt oprita|blocata|oprite|blocate', 'casele de marcat nu', 'comenzile nu',
  ],
};

const blocked: Lists = {
  en: [
    'cant|cannot|unable work', 'unable to work', 'cant do my|our|any job|work', 'cannot do my|our|any job|work',
    'completely blocked', 'whole|entire team|department cannot|cant|unable|has|is', 'i am blocked', 'im blocked', 'we are blocked', 'blocks my|our work', 'blocking my|our work',
    'work has stopped', 'work is blocked', 'cant do anything', 'cannot do anything',
    'stuck and cannot', 'no way to work',
  ],
  ru: [
    'не могу|можем|может|могут работать', 'работа стоит|встала|остановлена', 'ничего не могу|можем сделать',
    'не могу ничего делать', 'парализован', 'отдел не может', 'весь отдел', 'у всего отдела', 'вся команда|бухгалтерия',
  ],
  ro: [
    'nu pot|putem|poate lucra|lucrez|lucram', 'nu pot|putem sa lucrez|lucram', 'nu mai pot lucra', 'munca este blocata',
    'suntem blocati', 'sunt =blocat|blocata', 'nu pot face nimic', 'echipa nu poate', 'tot departamentul', 'toata echipa',
  ],
};

const deadlineToday: Lists = {
  en: [
    'due today|tomorrow', 'today by|before', 'by today', 'deadline today|tomorrow|tonight', 'need|needed|needs|must today',
    'have to today', 'by end of day', 'by the end of the day', 'end of today', '=eod', '=cob', 'by tonight', 'tonight',
    'by|before|until|for this afternoon|evening', '"in # hours|hour|minutes"', '"in an|one|two|three hour|hours"',
    '"in a few|couple hours"', '"in a couple of hours"', '"within # hours"', 'within the hour',
    '"by|before|until # pm|am|00|15|30|45|oclock"', 'by|before noon', 'by|before|for tomorrow', 'first thing tomorrow', 'later today', 'by morning',
    'within 24 hours', '"within one|a day"', 'close of business',
    'due|needed|need|needs|must tomorrow', 'tomorrow morning|at|i|we|is|the',
    'starts|starting|begins|joins|arrives today', 'first day is today', 'today is his|her|their first',
    'presentation|meeting|demo|audit|hearing|exam|meets|call|interview today|tomorrow', 'at # today|tomorrow', 'today|tomorrow at #',
    'today is the deadline|last', '"deadline is today|tomorrow"',
  ],
  ru: [
    'сегодня до', 'до конца дня', 'до конца рабочего дня', '"до # 00|30|15|45"', 'сегодня нужно|надо|необходимо|должен|должна|должны',
    'нужно|надо сегодня', 'срок сегодня|завтра', 'крайний срок сегодня|завтра', 'сегодня крайний срок',
    'дедлайн сегодня|завтра', 'сегодня дедлайн', 'через час|полчаса',
    'через # час*|минут', 'через пару|два|три|несколько час*', 'к вечеру', 'до вечера', 'сегодня вечером',
    'к завтра|завтрашнему', 'до завтра', 'к утру', 'до обеда', 'сегодня же', 'в течение дня', 'завтра утром|нужно|надо|у|в|выходит|начинает', 'нужно|надо завтра',
    'сегодня выходит|начинает', 'выходит|начинает сегодня', 'сегодня первый день',
    'совещание|презентация|встреча|отчет сегодня', 'сегодня последний день', 'последний день сегодня',
    'в # 00|30 у меня|нас|совещание|встреча|презентация', 'сегодня|завтра в #', 'в # 00|30 сегодня|завтра',
  ],
  ro: [
    'azi|astazi pana', 'pana azi|astazi', 'termen azi|astazi|maine', 'termen limita azi|astazi|maine', 'trebuie azi|astazi',
    'azi|astazi trebuie', 'pana la ora', '"pana la # 00|30"', 'pana la sfarsitul zilei', 'in doua|trei ore',
    'intr o ora', 'peste o|doua|trei|# ora|ore', 'diseara', 'pana maine', 'pana la pranz', 'in cursul zilei', 'pana diseara', 'maine dimineata|trebuie|am|avem|la|incepe|vine', 'trebuie maine', 'incepe azi|astazi', 'azi|astazi incepe',
    'prima zi azi|astazi', 'prezentare|sedinta|intalnire azi|astazi', 'azi|astazi|maine e|este termen|ultima',
    'la ora # am|avem|azi|astazi|maine', 'azi|astazi|maine la ora',
  ],
};

const plannedFuture: Lists = {
  en: [
    'next week|month|year|quarter|monday|tuesday|wednesday|thursday|friday', 'in # weeks|months',
    'in two|three|a few weeks|months', 'coming weeks|months', 'upcoming', 'new starter|starters|hire|hires|joiner|joiners',
    'new employee|employees|colleague|colleagues|analyst|member|intern|interns|trainee|trainees',
    'join|joins|joining on', 'open|opening a new office|branch|store|site|shop', 'please plan|schedule', 'will be joining', 'joining us|joins us',
    'starting on', 'starts on', 'will start', 'onboarding', 'new start|starts|starting|joins|joining|arrives',
    'expire|expires|expiring on|in|next', 'before then|that date|the date', 'office move', 'moving to|into', 'we are moving',
    'relocat', 'move|moves|moving to|into floor|building|office|room|site|premises|new', 'this|next|coming saturday|sunday|weekend',
    'planned maintenance', 'maintenance window', 'scheduled maintenance', 'scheduled for',
    'planned for', 'is planned', 'quarterly maintenance|check|review|audit', 'annual maintenance|check|audit',
    'monthly maintenance|check', 'recurring', 'remind you', 'reminder', 'ahead of', 'in preparation',
    'prepare for', 'by then', 'at the end of the|this contract|month|quarter|year|term', 'end of the contract|term', 'workshop|conference|event|training|seminar|visit|audit|exhibition|webinar|launch on|next',
    'the day before', 'before the event|workshop|conference|training|visit|launch',
  ],
  ru: [
    'на следующей неделе', 'в следующем месяце|году|квартале', 'следующ неделе|месяце', 'через # недел|месяц',
    'через неделю|месяц|две недели', 'нов* сотрудник|сотрудниц|менеджер|бухгалтер|коллег|работник|специалист|стажер',
    'выходит стажер|сотрудник|сотрудница', 'открываем|открытие нового|новый|новой офис|филиал|магазин',
    'выходит новый|новая', 'новый|новая|нового выходит|выйдет|приступает', 'выйдет',
    'истекает|заканчивается через|в следующем', 'к тому времени', 'выход нового', 'выходит на работу', 'к нам выходит', 'переезд', 'переезжаем',
    'планов', 'запланирован', 'к этой дате', 'к этому дню|времени', 'ежеквартальн', 'ежегодн',
    'ежемесячн обслуживан|проверк', 'напоминаем', 'подготов к', 'в преддверии', 'в конце месяца|года|квартала|договора', 'по окончании договора|срока', 'перед|к конференци|семинар|мероприяти|выставк|обучени|тренинг|визит|запуск',
    'конференци|семинар|мероприяти|выставк|обучени|тренинг запланирован|пройдет|будет',
  ],
  ro: [
    'saptamana viitoare', 'luna viitoare', 'anul viitor', 'viitoare', 'peste # saptamani|luni',
    'peste o saptamana|luna', 'angajat|angajata|angajati|coleg|colega|colegi|colege nou|noua|noi', 'vine la noi', 'incepe sa lucreze', 'nou|noua incepe|vine', 'expira pe|la|in|luna|saptamana',
    'incepe de luni|pe', 'prima zi de lucru', 'mutare', 'ne mutam', 'mutarea biroului', 'relocare', 'planificat',
    'programat', 'mentenanta|verificare|verificarea|revizie|revizia|inspectie trimestrial|anual|lunar',
    'va reamintim', 'pana atunci', 'in vederea', 'pregatire pentru',
    'pregatiti pentru', 'din timp', 'la sfarsitul|finalul lunii|anului|contractului|trimestrului', 'inainte de conferint|eveniment|training|instruire|vizit|seminar|lansare',
    'conferint|eveniment|training|instruire|seminar|workshop|lansare din|pe|de pe|programat|planificat',
  ],
};

const wish: Lists = {
  en: [
    'some day', 'someday', 'eventually', 'at some point', 'nice to have', 'would be nice|great|good',
    'no urgency at all', 'low priority', 'sometime next year',
  ],
  ru: [
    'когда нибудь', 'было бы неплохо|здорово|хорошо|удобно|классно', 'как нибудь', 'при случае',
    'в перспективе',
  ],
  ro: [
    'candva', 'intr o zi', 'la un moment dat', 'ar fi bine|frumos|util|minunat|grozav',
    'ar fi de dorit', 'prioritate scazuta',
  ],
};

const question: Lists = {
  en: [
    'how do|can|to|should', 'is it possible', 'is there a way', 'can i', 'could you explain', 'question',
    'wondering', 'where can|do|is', 'what is|are|does', 'which', 'why does|is|do',
  ],
  ru: [
    'как', 'подскажите', 'вопрос', 'можно ли', 'возможно ли', 'где', 'каким образом', 'почему', 'что значит',
  ],
  ro: [
    'cum pot|se|sa|putem', 'intrebare', 'este posibil', 'se poate', 'unde pot|se|este|gasesc', 'de ce', 'ce inseamna',
  ],
};

const cosmetic: Lists = {
  en: [
    'typo', 'spelling', 'misspel', 'misaligned', 'alignment', 'cosmetic', 'looks wrong|odd|off|weird',
    'wrong colour|color|font|logo', 'font', 'pixelated', 'logo', 'icon', 'layout', 'truncated',
    'display glitch', 'visual',
  ],
  ru: [
    'опечатк', 'орфограф', 'шрифт', 'выравниван', 'логотип', 'иконк', 'значок', 'не тот цвет', 'съехал',
    'косметич', 'внешний вид', 'визуальн',
  ],
  ro: [
    'greseala de scriere|tipar', 'greseli de scriere|tipar', 'diacritic', 'font', 'aliniere', 'aliniat', 'logo',
    'iconit', 'pictogram', 'culoare|culoarea gresit', 'aspect', 'cosmetic', 'vizual',
  ],
};

const alreadyLate: Lists = {
  en: [
    'already late', 'overdue', 'was supposed to', 'were supposed to', 'should have been|had', 'still not ready|set up|done|delivered',
    'still has|have no', 'still hasnt|havent|doesnt|dont', 'been borrowing', 'still no laptop|account|access|equipment',
    'started|began|joined|arrived', 'first day was', 'already started|here|arrived', 'missed the',
    'behind schedule', 'still waiting', 'still no|not', 'delayed', 'we asked|requested # days|weeks|week ago',
    'has nothing to work', 'sitting without|idle',
  ],
  ru: [
    'уже вышел|вышла|вышли|начал|начала|приступил|приступили|работает|работают', 'опаздыва', 'просроч', 'до сих пор нет|не',
    'должны были', 'должен был', 'вышел|вышла|вышли|приступил|приступила|приступили', 'сидит без',
    'уже # день|дня|дней|неделю', 'заявка висит', 'просили еще', 'все еще нет|не', 'сегодня вышел|вышла|вышли', 'вчера вышел|вышла|вышли',
  ],
  ro: [
    'a|au inceput deja|azi|astazi|ieri|luni', 'au venit deja|azi|ieri', 'a venit azi|astazi|ieri', 'trebuia sa fie', 'inca nu are|a primit',
    'nici acum', 'intarzi', 'a depasit termenul', 'deja a inceput|venit', 'a|au inceput|venit|sosit',
    'sta fara', 'am cerut de|acum',
  ],
};

const noWorkaround: Lists = {
  en: [
    'no workaround', 'no work around', 'not have a workaround', 'dont have a workaround', 'no other way|option|computer|laptop|machine|printer|pc',
    'no alternative', 'no backup', 'no spare', 'only computer|laptop|machine|pc', 'dont have another|any other',
    'do not have another|any other',
  ],
  ru: [
    'нет другого|другой', 'другого компьютера|ноутбука|способа|варианта', 'другой возможности',
    'нет обходного|запасного', 'обходного пути нет', 'без обходного', 'единственный компьютер|ноутбук',
    'больше негде',
  ],
  ro: [
    'nu avem|am alt|alta', 'nu exista alt|alta|alternativ', 'nicio alternativa', 'fara alternativa',
    'singurul calculator|laptop|pc', 'nu am altul|alta',
  ],
};

const workaround: Lists = {
  en: [
    'can still work|use', 'i can still', 'we can still', 'still able to', 'workaround', 'work around',
    'for now i|we', 'meanwhile|meantime using|use|working|work|can', 'temporarily using', 'using my phone',
    'using a colleague',
    'not blocking', 'not blocked', 'can work from|on|offline', 'can use the|my|another',
  ],
  ru: [
    'пока работаю', 'работаю пока', 'могу|можем работать', 'можно работать', 'временно работаю|пользуюсь|использую',
    'только с телефона', 'читаю|работаю|захожу с телефона|другого', 'работаем с другого', 'пока пользуюсь|пользуемся',
    'через телефон', 'обходной путь есть', 'не блокирует', 'по кабелю|проводу',
  ],
  ro: [
    'putem|pot lucra', 'intre timp|deocamdata|temporar lucram|lucrez|folosim|folosesc|putem|pot',
    'lucram|lucrez|folosim|folosesc temporar', 'folosesc telefonul', 'de pe telefon',
    'pe cablu', 'nu ne blocheaza', 'nu blocheaza',
  ],
};

/** Bare "today"/"tomorrow": proves nothing alone, but planned work mentioning it is due within one working day. */
const nearDate: Lists = {
  en: ['today', 'tonight', 'tomorrow', 'this morning', 'this afternoon', 'this evening'],
  ru: ['сегодня', 'завтра', 'сегодня утром|вечером'],
  ro: ['azi', 'astazi', 'maine', 'diseara', 'in aceasta dimineata'],
};

export const SIGNAL_PHRASES = {
  outage,
  security,
  'many-users': manyUsers,
  'revenue-stopped': revenueStopped,
  blocked,
  'deadline-today': deadlineToday,
  'planned-future': plannedFuture,
  wish,
  question,
  cosmetic,
  'already-late': alreadyLate,
  'no-workaround': noWorkaround,
  workaround,
  'near-date': nearDate,
};

/** See `TriageRules.negations`. */
export const NEGATION_WORDS: Lists = {
  en: ['not', 'no', 'never', 'cannot', 'cant', 'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'wont', 'without', 'nobody'],
  ru: ['не', 'нет', 'ни', 'без', 'никто'],
  ro: ['nu', 'n', 'fara', 'niciun', 'nicio', 'nimeni'],
};
