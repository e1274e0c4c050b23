/**
 * Default category vocabulary (plain data; syntax in rules.ts). Categories
 * follow the support-centre table in LABELS.md.
 *
 * Choices worth knowing when editing:
 *  - A phrase scores 1 plus 0.5 per extra word, so specific phrases ("email
 *    account", "shared folder") outweigh the bare words they contain.
 *  - "server" alone is network (servers unreachable); physical work on
 *    servers ("server room", "server maintenance") is hardware.
 *  - Billing systems and invoicing applications are software: billing means
 *    the customer's own invoices, payments and contracts with the desk.
 *  - Whole-word forms ("=monitor|monitors") are used where a stem would also
 *    match another category ("monitoring", "accessories", "contract").
 */
import type { Category, Language } from '../types';

type Lists = Record<Language, string[]>;

const hardware: Lists = {
  en: [
    'laptop', 'notebook', 'computer', '=pc', '=pcs', 'desktop pc|computer|computers|pcs', 'workstation',
    'thin client', 'printer', 'printing', '=prints', 'print out', 'toner', 'cartridge', 'paper jam', 'jams',
    'jamming', 'jammed', 'scanner', 'copier', 'photocopier', 'plotter', '=monitor|monitors', '=screen|screens',
    'external display', 'second display', 'flicker', 'dead pixel', 'keyboard', '=key|keys fell|stuck|missing',
    'space bar', 'spacebar', '=mouse|mice', 'touchpad', 'trackpad', 'headset', 'headphones', 'speaker',
    'microphone', 'webcam', '=camera', 'docking', '=dock', 'charger', 'charging', 'not =charge|charging', 'battery',
    'power supply', 'power button', 'power cable', 'power adapter', '=psu', '=ups', 'hdmi', 'displayport',
    '=usb', 'adapter', 'projector', 'desk phone', 'ip phone', 'phone handset', 'mobile phone', 'smartphone',
    'iphone', 'tablet', 'ipad', 'hard drive', 'hard disk', '=ssd', '=hdd', '=ram', 'memory upgrade',
    'motherboard', '=fan|fans', 'overheat', 'beeping', 'turn on', 'turns off', 'switch on', 'boot', 'shuts down',
    'shuts off', 'cracked', 'spilled', 'broken screen', 'hinge', 'server room', 'server rack', '=rack',
    'server hardware', 'server maintenance', 'maintenance of servers', 'data centre', 'data center',
    'datacenter', 'physical', 'hardware', 'equipment', 'serial number', 'warranty', 'repair', 'spare part',
    'replacement device|laptop|unit', 'cable', '=phone|phones', 'handset', 'black screen', 'no power',
    'wont power|switch on', 'air conditioning', 'aircon', 'cash register', 'badge reader', 'peripheral', '=disk|disks', '=nas', '=raid', '=sim', 'sim card', '=print', '=till|tills', 'card reader|readers|terminal|terminals',
    'pos terminal|terminals', 'payment terminal|terminals', 'barcode', 'handheld',
  ],
  ru: [
    'ноутбук', 'компьютер', '=пк', 'системный блок', 'системник', 'моноблок', 'рабоч станци', 'тонкий клиент',
    'принтер', 'печат', 'распечат', 'картридж', 'тонер', 'замят', 'жует бумагу', 'бумаг', 'сканер', 'копир',
    '=мфу', 'плоттер', '=монитор|монитора|монитору|монитором|мониторе|мониторы|мониторов|мониторами',
    'экран', 'дисплей', 'мерца', 'мига', 'битый пиксел', 'клавиатур', 'клавиш', 'пробел', 'мыш*', 'тачпад',
    'гарнитур', 'наушник', 'колонк', 'микрофон', 'веб камер', 'вебкамер', 'камер', 'док станци', 'докстанци',
    'зарядк', 'заряжа', 'зарядн', 'аккумулятор', 'батаре', 'блок питания', 'питани', 'кабел', 'hdmi', '=usb',
    'переходник', 'адаптер', 'проектор', 'мобильный телефон', 'рабочий телефон', 'ip телефон',
    'стационарный телефон', 'телефонный аппарат', 'сим карт', 'симк', '=телефон|телефона|телефоны|телефонов', 'черный экран', 'греется', 'нагревается',
    'шумит', 'кондиционер', 'не работает мыш*|клавиатур|монитор', '=терминал|терминалы|терминала|терминалов', 'тсд', 'сканер штрих', 'кассов аппарат', 'смартфон', 'планшет', 'жестк диск', '=ssd', '=hdd',
    'оперативн памят', 'рабочих мест', 'рабочие места', '=ибп', 'материнск плат', 'вентилятор', 'кулер', 'перегрев', 'не включается',
    'выключается', 'не загружается компьютер|ноутбук', 'сломал', 'разбил', 'трещин', 'залил', 'отвалил',
    'серверн', 'серверная комната', 'обслуживание сервер*', 'стойк', 'железо', 'оборудовани', 'ремонт',
    'гаранти', 'серийный номер', 'замен',
  ],
  ro: [
    'laptop', 'calculator', 'calculatoare', '=pc', 'desktop', 'unitate centrala', 'statie de lucru', 'imprimant', 'printer',
    'printeaza', 'tipar', 'toner', 'cartus', 'hartie', 'blocaj', 'scaner', 'scanner', 'copiator',
    'multifunctional', '=monitor|monitorul|monitorului|monitoare|monitoarele|monitoarelor', 'ecran',
    'display', 'palpai', 'pixel', 'tastatur', 'tasta', 'tastele', '=mouse', 'mouse ul', 'touchpad',
    'casti', 'boxe', 'difuzor', 'microfon', 'camera web', 'webcam', 'docking', 'andocare', 'incarcator',
    'nu se incarca bateria', 'bateri', 'sursa de alimentare', 'alimentare', 'cablu', 'hdmi', '=usb',
    'adaptor', 'proiector', 'telefon fix', 'telefonul de birou', 'cartela sim', '=sim', '=telefon|telefonul|telefoane|telefonului', 'ecran negru', 'se incalzeste', 'se incinge',
    'face zgomot', 'stricat', 'defect', 'aer conditionat', 'telefon mobil', 'smartphone', 'tableta',
    'hard disk', '=hdd', '=ssd', 'memorie ram', 'placa de baza', 'ventilator', 'supraincalz', 'laptopul|calculatorul|pc|monitorul|imprimanta se opreste|inchide', 'nu porneste laptop|calculator|pc', 'laptopul|calculatorul nu porneste',
    'ecran spart', 'crapat', 'varsat', 'sala serverelor', 'camera serverelor', 'centrul de date',
    'centru de date', 'data center', 'mentenanta server*', 'rack', 'echipament', 'hardware', 'reparat',
    'garantie', 'numar de serie', 'serie', 'inlocui', 'piesa',
  ],
};

const software: Lists = {
  en: [
    'application', '=app|apps', 'software', '=program|programs|programme', 'install', 'reinstall', 'uninstall',
    '=update|updates|updated|updating', 'upgrade', 'patch', 'licence', 'license', 'licensing',
    'licence key', 'license key', 'product key', 'activation', 'activate', 'trial', 'version', 'crash',
    'freez', 'hangs', 'not responding', 'error message', 'error code', '=error', '=bug|bugs', 'glitch',
    'excel', 'outlook', '=teams', 'zoom', 'slack', 'ms word', 'word document|file|crashes', 'powerpoint', 'onenote',
    'onedrive', 'jira', 'confluence', 'navision', 'dynamics', '=sage', 'xero', 'stopped responding', 'keeps closing',
    'spreadsheet', 'formula', 'template', 'e signature|signature', 'office 365', 'microsoft 365', 'ms office',
    'microsoft office', 'adobe', 'acrobat', '=pdf', 'photoshop', 'visio', 'autocad', '=cad', '=erp', '=crm',
    '=sap', 'salesforce', 'quickbooks', 'browser', 'chrome', 'firefox', 'windows update', 'macos', 'driver',
    'antivirus', 'database', 'backup', 'export', 'import', 'macro', 'plugin', 'plug in', 'add in', 'extension',
    'portal', 'website', 'web app', 'online shop|store', 'webshop', 'checkout', 'dashboard', 'feature', 'settings', 'sync', 'fails to start',
    'wont start|open|launch', 'does not start|open|launch', 'billing system|software|application|app',
    'invoicing system|software|application|app',
  ],
  ru: [
    'программ', 'приложени', 'софт', 'установ', 'переустанов', 'удалить программу', 'обновлени', 'обнови',
    'обновлен', 'лицензи', 'ключ лицензии', 'ключ активации', 'лицензионный ключ', 'активаци', 'верси',
    'ошибк', 'вылета', 'зависа', 'завис', 'не запускается', 'не открывается', 'глючит', 'баг', '1с', 'excel',
    'эксель', 'outlook', 'аутлук', 'teams', 'zoom', 'microsoft office', 'ms office', 'office 365', 'adobe',
    'acrobat', '=pdf', 'автокад', 'autocad', '=crm', '=erp', '=sap', 'контур', 'экстерн', 'браузер', 'chrome',
    'антивирус', 'драйвер', 'ворд', '=word', 'powerpoint', 'битрикс', 'закрывается сам*', 'не сохраня',
    'шаблон', 'формул', 'таблиц', 'банк клиент', 'электронн подпис', 'эцп', 'баз* данных', 'резервн копи', 'бэкап', 'бекап', 'выгрузк', 'экспорт', 'импорт', 'отчетност', 'портал', 'сайт',
    'плагин', 'макрос', 'настройк', 'функци', 'синхрониз', 'биллинг система|системе|систему',
    'программа для счетов',
  ],
  ro: [
    'aplicati', '=program|programul|programului|programe|programele', 'software', 'instal', 'reinstal',
    'dezinstal', 'actualiz', 'update', 'upgrade', 'licent', 'cheie de licenta', 'cheia de licenta',
    'activare', 'versiun', 'proba', 'eroare', 'erori', 'se blocheaza', 'crash', 'nu raspunde', 'excel',
    'word', 'outlook', 'teams', 'zoom', 'office 365', 'microsoft office', 'adobe', 'acrobat', '=pdf',
    'autocad', '=cad', '=crm', '=erp', '=sap', 'browser', 'chrome', 'antivirus', 'driver', 'baza de date', 'backup',
    'powerpoint', 'aplicatia se inchide|opreste', 'nu se salveaza', 'sablon', 'formul', 'tabel', 'semnatura electronica', 'token',
    'export', 'import', 'raport', 'platform', 'portal', 'site', 'magazin online|online ul', 'setari', 'functi',
    'sincroniz', 'sistemul|aplicatia|programul|softul de facturare', 'aplicatia de comenzi',
  ],
};

const network: Lists = {
  en: [
    'internet', 'wi-fi', 'wifi', 'wireless', '=wlan', '=lan', '=vpn', '=dns', 'dhcp', '=ip', 'ip address',
    'network', 'ethernet', 'router', 'network switch', 'firewall', 'proxy', 'bandwidth', 'latency',
    'packet loss', 'slow connection', 'internet connection', 'network connection', 'connection drops|lost|keeps|is slow',
    'lose|lost|losing connection', 'connectivity', '=server|servers',
    'file server', 'mail server', 'email delivery', 'emails bounce', 'bounced', 'bounce', 'undeliverable',
    'not receiving emails|email|mail', 'cannot|cant|unable send|receive emails|email|mail',
    'emails|email|mail not arriving|delivered', 'outgoing mail|email|emails', 'incoming mail|email|emails',
    '=smtp', 'imap', 'spam filter', 'dns record', 'domain name', 'certificate', '=ssl', '=ping',
    'access point', 'hotspot', 'guest network', 'network cable', 'network port|ports', 'drops',
    'disconnect', 'coverage', 'remote desktop', 'mobile data', 'roaming', '=4g|5g|lte', '=spam', 'junk',
    'whitelist', 'blacklist', 'blocklist', 'allowlist', 'safe senders', '=domain|domains', 'outbox',
    '=spf|dkim|dmarc|mx|ndr|rdp', 'citrix', 'remote access', 'static ip', 'port forwarding', 'slow internet', 'provider',
  ],
  ru: [
    'интернет', 'wi-fi', 'wifi', 'вайфай', 'вай-фай', 'беспроводн', '=vpn', '=впн', '=dns', 'dhcp',
    'ip адрес', 'сет*', 'роутер', 'маршрутизатор', 'коммутатор', 'свитч', 'файрвол', 'межсетев', 'прокси',
    'скорост', 'пинг', 'нет соединения', 'соединение с сервером|интернетом', 'не подключается|подключиться vpn|впн|wi|wifi|к сети|к интернету|к серверу',
    '=сервер|сервера|серверу|сервером|сервере|серверы|серверов',
    'файловый сервер', 'почтовый сервер', 'письм|почт не доход|приход|уход|отправля',
    'не доход|приход|уход|отправля письм|почт', '"не уходят|доходят"', 'возвращаются с ошибкой',
    'недоставлен', 'внешн адрес', 'рассылк', 'спам', 'домен', 'сертификат', 'точка доступа',
    'сетевой кабель', 'мобильн интернет', 'роуминг', 'исходящ', 'провайдер', 'удаленн доступ', '=rdp', 'терминальн сервер',
    'не открываются сайты', 'медленн интернет', 'белый список', 'черный список', 'нет связи', 'пропадает связь', 'связь пропадает', 'обрыв', 'удаленн рабоч стол',
  ],
  ro: [
    'internet', 'wi-fi', 'wifi', 'wireless', '=vpn', '=dns', 'dhcp', 'adresa ip', 'retea|retele',
    'router', 'switch', 'firewall', 'proxy', 'viteza', 'conexiunea|conexiune la internet|retea|server', 'conexiune internet|lenta|slaba', 'pierd|pierdem conexiunea',
    'deconect', 'server',
    'server de fisiere', 'server de mail|email', 'nu primesc|primim|trimit|trimitem e mail|mail|mailuri',
    'e mail|mailuri|mesaj|mesajele nu ajung', 'nu ajung e mail|mailuri|mesaj|mesajele', 'spam', 'domeni',
    'certificat', 'punct de acces', 'hotspot', 'cablu de retea', 'priza de retea', 'acoperire',
    'semnal', 'desktop la distanta', 'date mobile', 'roaming', '=netul', 'furnizor', 'acces la distanta', 'acces de la distanta', 'nu pleaca',
    'site urile nu se deschid', 'lista alba', 'lista neagra',
  ],
};

const access: Lists = {
  en: [
    '=account|accounts', 'user account', 'email account', 'my account', 'new account', 'create account',
    'login', 'log in', 'log on', 'logon', 'sign in', 'signin', 'cannot|cant|unable sign|log in|on|into',
    'cannot|cant|unable login|authenticate', 'password', 'passcode', 'username',
    'user name', 'credentials', 'mailbox', 'mail box', 'access denied', 'permission denied', 'leaver', 'offboarding',
    'disable|deactivate account|accounts|user', 'new user', 'user role|roles', '=otp', 'permission', 'access to', 'need access', 'give access', 'grant access',
    'access rights', 'read access', 'write access', 'lost access', 'no access', '=access|accessing|accessed',
    'shared folder', 'shared drive', 'network drive', 'folder', 'sharepoint site', 'mfa', '2fa',
    'two factor', 'multi factor', 'authenticator', 'verification code', 'locked out', 'account locked',
    'locked', 'unlock', 'disabled account', 'account disabled', 'active directory', '=ad', 'security group',
    'distribution list', 'admin rights', 'administrator rights', 'local admin', '=sso', 'single sign on',
    'expired password', 'password expired', 'reset', 'account hacked', 'account compromised',
    'compromised account', 'someone logged into', 'suspicious login|logins|sign',
  ],
  ru: [
    'учетн запис', 'учетк', 'не могу|можем|может войти|зайти|авторизоваться|залогиниться', 'аккаунт', '=логин|логина|логином|логину', 'войти', '=вход|входа|входе|входом',
    'авторизац', 'аутентификац', 'парол', 'доступ', 'права доступа', 'выдать доступ', 'предоставить доступ',
    'папк', 'права на|доступа', 'вош*|зашел|залез в почту|ящик|аккаунт|учетн', 'общ* папк', 'сетев папк', 'общий диск', 'сетевой диск', 'заблокир', 'разблокир', 'двухфактор',
    'код подтверждения', 'смс код', 'сбросить пароль', 'восстановить пароль', 'забыл пароль',
    'почтовый ящик', 'active directory', 'отказано в доступе', 'уволил', 'уволенн', 'увольнени', 'роль', 'ролей', 'групп безопасности', 'права администратора', 'взломали почту',
    'взломали аккаунт|учетную|почтовый', 'взлом аккаунта|почты|учетной', 'подозрительн вход',
  ],
  ro: [
    '=cont', 'contul', 'conturi', 'nu ma pot|putem autentifica|loga|intra', 'cont nou', 'cont de email|e', 'parol', 'autentific', 'logare', 'login',
    'utilizator', 'nume de utilizator', 'acces', 'drepturi', 'permisiun', 'folder', 'director partajat',
    'folder partajat', 'folder comun', 'folderul comun', 'disc partajat', 'mfa', '2fa', 'doi pasi',
    'cod de verificare', '=blocat|blocata', 'deblocare', 'debloca', 'resetare parola', 'resetati parola',
    'am uitat parola', 'active directory', 'acces refuzat', 'acces interzis', 'a plecat din firma|companie',
    'dezactiva contul|conturile', 'rol|rolul|roluri', 'drepturi de administrator', 'cont spart', 'contul a fost spart',
    'contul compromis', 'autentificari suspecte',
  ],
};

const billing: Lists = {
  en: [
    'invoice', 'invoic', 'billing', '=bill|bills|billed', '=charge|charged|charges', 'double charged',
    'overcharged', 'charged twice', 'payment', 'payments', '=paid|pay|paying', 'refund', 'credit note',
    'receipt', 'subscription', 'renewal', 'contract', 'quote', 'quotation', 'pricing', 'price', '=fee|fees',
    'direct debit', 'bank transfer', '=vat', 'credit card', 'debit card', 'our card', 'purchase order',
    'account balance', 'statement', 'tariff', 'discount', 'money', 'how much does|is|would|for',
    'price of|for', 'cost of', 'billing address', 'bank details', 'iban', 'remittance', 'payment reminder',
    'overdue invoice', '=po', 'proforma', 'pro forma', 'licence fee|fees', 'license fee|fees', 'how much|price|pricing|quote|cost licence|licences|license|licenses|seat|seats',
  ],
  ru: [
    '=счет|счета|счету|счете|счетом|счетов|счетам', 'счет фактур', 'выставлен счет', 'оплат', 'платеж',
    'списал', 'списани', 'возврат', 'вернуть деньги|платеж|оплату|лишний', 'тариф', 'договор', 'подписк',
    'акт сверки', '=акт|акты', 'квитанц', 'дважды списали', 'двойное списание', 'переплат', 'стоимост',
    'цена', 'скидк', 'деньги', 'сколько стоит|стоят|будет стоить', 'сверк', 'реквизит', 'предоплат', 'задолженност', 'пени', '=ндс',
    '=инн', 'закрывающ документ', 'выставить счет', 'счет на оплату', 'стоимост|цена|сколько стоит|стоят лицензи', 'банковск карт', 'с карты|нашей карты',
  ],
  ro: [
    'factur', 'plata|plati|platit|platesc|platim', 'achit', 'rambursa', 'returnati suma|banii', 'returna',
    'bani', 'suma', 'abonament', 'contract', 'cost', 'pret', 'tarif', 'chitanta', 'debitat', 'taxat',
    'card', 'proforma', '=tva|cif|cui', 'rest de plata', 'restant', 'scadent', 'iban', 'date de facturare',
    'penalitat', 'cat costa', 'cat costa|pret|oferta|costul licent', 'extras de cont', 'sold', 'reducere', 'de doua ori platit|taxat|debitat',
  ],
};

export const CATEGORY_PHRASES: Record<Category, Lists> = { hardware, software, network, access, billing };

/** See `TriageRules.unreachable`. */
export const UNREACHABLE_PHRASES: Lists = {
  en: [
    'times out', 'timed out', 'timing out', 'timeout', 'time out', 'cant reach', 'cannot reach',
    'unable to reach', 'nobody can reach', 'unreachable', 'not reachable', 'cant|cannot|unable connect to server',
    'connection to server', 'server not responding', 'server is down', 'servers are down', 'site is down',
    'website is down', 'website down', 'is down for everyone', 'no internet', 'internet is down',
    'internet down', 'no network', 'no connection', 'page|site|website wont|doesnt|not load|open',
    'connection refused', 'bad gateway', 'service unavailable', 'dns error',
    'cant|cannot|unable access server|site|website|portal',
  ],
  ru: [
    'недоступ', 'не открывается сайт|портал|страница', 'сайт|портал|страница не открывается|грузится',
    'не грузится', 'не загружается страница|сайт|портал', 'нет интернета', 'пропал интернет',
    'отсутствует интернет', 'нет связи', 'нет сети', 'нет доступа к серверу|сайту|интернету|порталу',
    'не удается подключиться к серверу', 'не подключается к серверу', 'ошибка подключения к серверу',
    'сервер|сайт|портал не отвечает', 'не отвечает сервер|сайт|портал', 'время ожидания истекло', 'таймаут',
    'тайм аут', 'упал сайт|сервер|портал', 'сайт|сервер|портал упал|лежит', 'лежит сайт|сервер|портал',
  ],
  ro: [
    'nu mai raspund|raspunde', 'nu raspunde serverul|site', 'serverul|site nu raspunde',
    'nu se incarca pagina|site', 'pagina|site nu se incarca', 'site nu se deschide', 'nu se deschide site',
    'inaccesibil', 'indisponibil', 'nu avem internet|retea|conexiune', 'fara internet|retea|conexiune', 'nu merge internetul',
    'a picat internetul', 'nu este internet', 'conectarea la server', 'nu se conecteaza la server',
    'nu ma pot conecta la server', 'nu ne putem conecta la server', 'conexiunea a expirat', 'timeout',
    'time out', 'este cazut', 'e cazut', 'sunt cazute', 'a cazut|picat serverul|site|sistemul|reteaua',
  ],
};

/** See `TriageRules.identifiers`; also mail boilerplate ("Sent from my iPhone"). */
export const IDENTIFIER_PHRASES: Lists = {
  en: [
    'account number|no|id|#', 'customer account|number|no|id', 'client account|number|no|id',
    'contract number|no', '=phone|tel|mobile|mob|cell #', 'phone number', '=account #', 'sent from my iphone|ipad|phone|android|mobile|samsung|galaxy|smartphone|tablet', 'accounts payable|receivable|department|team',
  ],
  ru: [
    'номер договора|клиента|аккаунта', 'лицевой счет', 'код клиента', 'клиент #', 'договор #',
    'аккаунт #', 'номер лицевого счета', '=телефон|тел|моб #', 'номер телефона', 'отправлено с|из iphone|ipad|телефона|мобильного|android|смартфона|планшета',
  ],
  ro: [
    'cod client', 'numar client|de client', 'numar de cont', 'cont client', 'numar cont', 'contract nr',
    'nr client', 'numar contract', '=telefon|tel|mobil #', 'numar de telefon', 'trimis de pe|din iphone|ipad|telefon|android|mobil|smartphone|tableta',
  ],
};
