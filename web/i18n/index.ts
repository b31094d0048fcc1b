import { en } from './en';
import { sv, type MessageKey } from './sv';

export type { MessageKey };

/** The languages of pages and e-mails; Swedish first. */
export const LANGUAGES = ['sv', 'en'] as const;
export type PageLanguage = (typeof LANGUAGES)[number];

/** Every person-facing time is shown in this zone. */
export const TIME_ZONE = 'Europe/Stockholm';

const catalogues: Record<PageLanguage, Record<MessageKey, string>> = { sv, en };

/** The keys of the texts that web/app/app.js shows (handed to it as JSON by the page). */
export const SCRIPT_MESSAGE_KEYS = (Object.keys(sv) as MessageKey[]).filter((key) =>
  key.startsWith('script.'),
);

/** Looks up and fills in one message. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The translator of `language`: `{name}` in a message is replaced by `params.name`. */
export function translator(language: PageLanguage): Translate {
  const catalogue = catalogues[language];
  return (key, params = {}) =>
    catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
}

/** `value` when it names a language, otherwise undefined. */
export function pageLanguageOf(value: unknown): PageLanguage | undefined {
  return LANGUAGES.find((language) => language === value);
}

const LOCALES: Record<PageLanguage, string> = { sv: 'sv-SE', en: 'en-GB' };

/** "måndag 7 december 2026" / "Monday 7 December 2026", in Stockholm. */
export function formatDate(date: Date, language: PageLanguage): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(date);
}

/** "09:05", in Stockholm. */
export function formatTime(date: Date, language: PageLanguage): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

/** A calendar date (`YYYY-MM-DD`, no zone) as "tisdag 16 mars 2027". */
export function formatCalendarDate(isoDate: string, language: PageLanguage): string {
  // Noon UTC is the same calendar day in Stockholm all year.
  return formatDate(new Date(`${isoDate}T12:00:00Z`), language);
}
