/**
 * HTML pages of the one-click rating links (see rating-server.ts), in the
 * ticket's language. Everything that comes from outside (desk name, ticket
 * number, signature, comment) goes through escapeHtml; the texts themselves
 * are escaped too, so a translation with `&` or `<` cannot break the markup.
 *
 * Style and script are inline but carry the response's CSP nonce: the
 * Content-Security-Policy allows nothing else, not even inline style
 * attributes.
 */
import type { Language } from '../domain/types';

export type MessageKind = 'invalid' | 'badScore' | 'notFound' | 'methodNotAllowed' | 'tooLarge' | 'unsupportedType' | 'error';

interface Texts {
  title: string;
  sending: (score: number, ticket: string) => string;
  noscript: string;
  commentLabel: string;
  send: string;
  thanksTitle: string;
  thanks: (score: number, ticket: string) => string;
  addComment: string;
  sendComment: string;
  messages: Record<MessageKind, readonly [title: string, body: string]>;
}

const TEXTS: Record<Language, Texts> = {
  en: {
    title: 'Rate our support',
    sending: (score, ticket) => `Sending your rating of ${score} out of 5 for ticket ${ticket}…`,
    noscript: 'Please press the button to send your rating.',
    commentLabel: 'Comment (optional)',
    send: 'Send rating',
    thanksTitle: 'Thank you!',
    thanks: (score, ticket) => `We have recorded your rating of ${score} out of 5 for ticket ${ticket}.`,
    addComment: 'Would you like to tell us more? You can add or change a comment:',
    sendComment: 'Send comment',
    messages: {
      invalid: ['This link is not valid', 'The link may be incomplete or out of date. Please reply to the survey email instead.'],
      badScore: ['Unknown rating', 'Please choose a rating from 1 to 5.'],
      notFound: ['Page not found', 'There is no page at this address.'],
      methodNotAllowed: ['Not allowed', 'This page cannot be used this way.'],
      tooLarge: ['Comment too long', 'Please shorten your comment and try again.'],
      unsupportedType: ['Not supported', 'Please send the rating with the form on the page.'],
      error: ['Something went wrong', 'We could not process your rating. Please try again later.'],
    },
  },
  ru: {
    title: 'Оценка обслуживания',
    sending: (score, ticket) => `Отправляем Вашу оценку ${score} из 5 по заявке ${ticket}…`,
    noscript: 'Пожалуйста, нажмите кнопку, чтобы отправить оценку.',
    commentLabel: 'Комментарий (необязательно)',
    send: 'Отправить оценку',
    thanksTitle: 'Спасибо!',
    thanks: (score, ticket) => `Мы получили Вашу оценку ${score} из 5 по заявке ${ticket}.`,
    addComment: 'Хотите рассказать подробнее? Вы можете добавить или изменить комментарий:',
    sendComment: 'Отправить комментарий',
    messages: {
      invalid: ['Эта ссылка недействительна', 'Возможно, ссылка неполная или устарела. Пожалуйста, ответьте на письмо с опросом.'],
      badScore: ['Неизвестная оценка', 'Пожалуйста, выберите оценку от 1 до 5.'],
      notFound: ['Страница не найдена', 'По этому адресу нет страницы.'],
      methodNotAllowed: ['Действие недоступно', 'Эту страницу нельзя использовать таким образом.'],
      tooLarge: ['Слишком длинный комментарий', 'Пожалуйста, сократите комментарий и попробуйте ещё раз.'],
      unsupportedType: ['Не поддерживается', 'Пожалуйста, отправьте оценку с помощью формы на странице.'],
      error: ['Что-то пошло не так', 'Не удалось обработать Вашу оценку. Пожалуйста, попробуйте позже.'],
    },
  },
  ro: {
    title: 'Evaluați asistența',
    sending: (score, ticket) => `Trimitem evaluarea dumneavoastră de ${score} din 5 pentru tichetul ${ticket}…`,
    noscript: 'Vă rugăm să apăsați butonul pentru a trimite evaluarea.',
    commentLabel: 'Comentariu (opțional)',
    send: 'Trimiteți evaluarea',
    thanksTitle: 'Vă mulțumim!',
    thanks: (score, ticket) => `Am înregistrat evaluarea dumneavoastră de ${score} din 5 pentru tichetul ${ticket}.`,
    addComment: 'Doriți să ne spuneți mai multe? Puteți adăuga sau modifica un comentariu:',
    sendComment: 'Trimiteți comentariul',
    messages: {
      invalid: ['Acest link nu este valid', 'Este posibil ca linkul să fie incomplet sau expirat. Vă rugăm să răspundeți la e-mailul cu sondajul.'],
      badScore: ['Evaluare necunoscută', 'Vă rugăm să alegeți o notă de la 1 la 5.'],
      notFound: ['Pagina nu a fost găsită', 'La această adresă nu există nicio pagină.'],
      methodNotAllowed: ['Acțiune nepermisă', 'Această pagină nu poate fi folosită astfel.'],
      tooLarge: ['Comentariu prea lung', 'Vă rugăm să scurtați comentariul și să încercați din nou.'],
      unsupportedType: ['Format neacceptat', 'Vă rugăm să trimiteți evaluarea prin formularul de pe pagină.'],
      error: ['A apărut o eroare', 'Nu am putut procesa evaluarea dumneavoastră. Vă rugăm să încercați din nou mai târziu.'],
    },
  },
};

/** Longest comment kept, in characters; the server cuts longer ones. */
export const COMMENT_MAX_LENGTH = 2000;

export interface RatingPage {
  language: Language;
  deskName: string;
  ticketNumber: string;
  score: number;
  signature: string;
  /** Where the form posts to, relative to the page (see rating-server.ts). */
  action: string;
  comment?: string;
  nonce: string;
}

/** Escapes the five characters that matter in element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The page behind a rating link: a form that posts the score, submitted by
 * script at once so that a person needs one click, while a link scanner that
 * only fetches the page records nothing. The guard in sessionStorage stops a
 * second automatic post (Back button, reload) from replacing a comment that
 * was added on the thank-you page; without storage the form is still posted
 * only once per page load.
 */
export function renderRatingForm(page: RatingPage): string {
  const t = texts(page.language);
  const script =
    `(function () {` +
    `var form = document.getElementById('rating-form'); var key = 'ticketgate-rated:' + location.pathname;` +
    `try { if (window.sessionStorage.getItem(key)) return; window.sessionStorage.setItem(key, '1'); } catch (e) { /* no storage: post once */ }` +
    `form.submit(); })();`;
  const body =
    `<h1>${escapeHtml(t.title)}</h1>\n` +
    `<p>${stars(page.score)} ${escapeHtml(t.sending(page.score, page.ticketNumber))}</p>\n` +
    `<noscript><p>${escapeHtml(t.noscript)}</p></noscript>\n` +
    ratingForm(page, t.send) +
    `<script nonce="${escapeHtml(page.nonce)}">${script}</script>\n`;
  return layout(page.language, page.deskName, t.title, page.nonce, body);
}

/** After a post: the score as recorded, and the form again so that a comment can be added or changed. */
export function renderThanks(page: RatingPage): string {
  const t = texts(page.language);
  const body =
    `<h1>${escapeHtml(t.thanksTitle)}</h1>\n` +
    `<p>${stars(page.score)} ${escapeHtml(t.thanks(page.score, page.ticketNumber))}</p>\n` +
    `<p>${escapeHtml(t.addComment)}</p>\n` +
    ratingForm(page, t.sendComment);
  return layout(page.language, page.deskName, t.thanksTitle, page.nonce, body);
}

/** Error and status pages: a title and one sentence. */
export function renderMessage(language: Language, kind: MessageKind, nonce: string, deskName = ''): string {
  const [title, text] = texts(language).messages[kind];
  return layout(language, deskName, title, nonce, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>\n`);
}

function ratingForm(page: RatingPage, button: string): string {
  const t = texts(page.language);
  return (
    `<form id="rating-form" method="post" action="${escapeHtml(page.action)}">\n` +
    `<input type="hidden" name="score" value="${escapeHtml(String(page.score))}">\n` +
    `<input type="hidden" name="t" value="${escapeHtml(page.signature)}">\n` +
    `<label for="comment">${escapeHtml(t.commentLabel)}</label>\n` +
    `<textarea id="comment" name="comment" rows="4" maxlength="${COMMENT_MAX_LENGTH}">${escapeHtml(page.comment ?? '')}</textarea>\n` +
    `<button type="submit">${escapeHtml(button)}</button>\n` +
    `</form>\n`
  );
}

/** "★★★★☆", hidden from screen readers: the sentence next to it says the score. */
function stars(score: number): string {
  const filled = Math.max(0, Math.min(5, Math.trunc(score)));
  return `<span class="stars" aria-hidden="true">${'★'.repeat(filled)}${'☆'.repeat(5 - filled)}</span>`;
}

const STYLE =
  'body{margin:0;background:#f4f5f7;color:#1f2328;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}' +
  'main{max-width:32rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12)}' +
  'h1{font-size:1.4rem;margin:0 0 1rem}.desk{color:#59636e;margin:0 0 .5rem}.stars{color:#d29922;letter-spacing:.1em}' +
  'label{display:block;margin:1rem 0 .25rem}textarea{box-sizing:border-box;width:100%;font:inherit;padding:.5rem}' +
  'button{margin-top:.75rem;padding:.5rem 1.25rem;font:inherit;color:#fff;background:#1f6feb;border:0;border-radius:6px;cursor:pointer}';

function layout(language: Language, deskName: string, title: string, nonce: string, body: string): string {
  const lang = known(language);
  const fullTitle = deskName ? `${title} — ${deskName}` : title;
  return (
    `<!doctype html>\n<html lang="${escapeHtml(lang)}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="robots" content="noindex, nofollow">\n` +
    `<title>${escapeHtml(fullTitle)}</title>\n<style nonce="${escapeHtml(nonce)}">${STYLE}</style>\n</head>\n<body>\n<main>\n` +
    (deskName ? `<p class="desk">${escapeHtml(deskName)}</p>\n` : '') +
    `${body}</main>\n</body>\n</html>\n`
  );
}

function texts(language: Language): Texts {
  return TEXTS[known(language)];
}

/** A language the desk does not know (bad data) falls back to English rather than failing the page. */
function known(language: Language): Language {
  return Object.hasOwn(TEXTS, language) ? language : 'en';
}
