import type { Language } from './types';

const LOCALES: Record<Language, string> = { en: 'en-GB', ru: 'ru-RU', ro: 'ro-RO' };

/** A date as a customer in that language expects to read it, in the desk's time zone. */
export function formatDateTime(date: Date, lang: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date);
}
