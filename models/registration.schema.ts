import { z } from 'zod';
import { emailSchema, languageSchema } from './common.schema';

/** Message of a Swedish organisationsnummer that is not ten digits (an optional dash after six). */
export const ORGNR_FORMAT_MESSAGE = 'must be a Swedish organisationsnummer: 10 digits, e.g. 556036-0793';
/** Message of a Swedish organisationsnummer whose check digit is wrong. */
export const ORGNR_CHECKSUM_MESSAGE = 'is not a valid organisationsnummer: its check digit does not match';

/**
 * A Swedish organisationsnummer as `NNNNNN-NNNN`, or why it is not one: ten digits (a dash after
 * the sixth may be left out) whose last is the Luhn check digit of the first nine.
 */
export function parseOrganisationsnummer(
  text: string,
): { ok: true; value: string } | { ok: false; reason: 'format' | 'checksum' } {
  const match = /^(\d{6})-?(\d{4})$/.exec(text.trim());
  if (!match) return { ok: false, reason: 'format' };
  const digits = `${match[1]}${match[2]}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const doubled = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return sum % 10 === 0 ? { ok: true, value: `${match[1]}-${match[2]}` } : { ok: false, reason: 'checksum' };
}

/**
 * What is wrong with a Swedish registration's organisationsnummer, if anything; undefined for
 * other countries and for a number or country that is missing (their own checks name those).
 */
function swedishNumberProblem(input: { country?: unknown; registrationNumber?: unknown }) {
  if (typeof input.country !== 'string' || input.country.trim().toUpperCase() !== 'SE') return undefined;
  if (typeof input.registrationNumber !== 'string' || input.registrationNumber.trim() === '')
    return undefined;
  const number = parseOrganisationsnummer(input.registrationNumber);
  return number.ok ? undefined : number.reason;
}

/** A web address; `example.se` is taken as `https://example.se`. */
const websiteSchema = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .transform((value) => (/^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`))
  .pipe(z.url({ protocol: /^https?$/ }));

/**
 * What a startup sends from an event's public sign-up page (`/e/<slug>/anmalan`). Nothing of it is
 * stored as an account until the e-mail address is confirmed. `country` is ISO 3166-1 alpha-2; a
 * Swedish (`SE`) `registrationNumber` is checked as an organisationsnummer and stored as
 * `NNNNNN-NNNN`, other countries' are kept as typed. `consent` (to the privacy notice) must be
 * given: `true`, or `"yes"` from a form. `language` is that of the e-mails that follow.
 */
export const registrationSchema = z
  .strictObject({
    companyName: z.string().trim().min(2).max(200),
    country: z
      .string()
      .trim()
      .transform((value) => value.toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code (ISO 3166-1), e.g. SE')),
    registrationNumber: z.string().trim().min(1).max(50),
    contactName: z.string().trim().min(1).max(200),
    email: emailSchema,
    website: websiteSchema,
    consent: z.union([z.literal(true), z.literal('yes')], {
      error: 'must be given: the privacy notice has to be accepted',
    }),
    language: languageSchema,
  })
  // Checked even when other fields are wrong, so the form names every problem at once.
  .refine((input) => swedishNumberProblem(input) !== 'format', {
    path: ['registrationNumber'],
    message: ORGNR_FORMAT_MESSAGE,
    when: () => true,
  })
  .refine((input) => swedishNumberProblem(input) !== 'checksum', {
    path: ['registrationNumber'],
    message: ORGNR_CHECKSUM_MESSAGE,
    when: () => true,
  })
  .transform((input) => {
    const number = input.country === 'SE' ? parseOrganisationsnummer(input.registrationNumber) : undefined;
    return {
      ...input,
      registrationNumber: number?.ok ? number.value : input.registrationNumber,
      consent: true as const,
    };
  });
export type RegistrationInput = z.input<typeof registrationSchema>;
export type Registration = z.output<typeof registrationSchema>;

/** The key under which a registration number is claimed: `<country>:<number>`, case and spaces ignored. */
export function registrationKeyOf(
  registration: Pick<Registration, 'country' | 'registrationNumber'>,
): string {
  return `${registration.country}:${registration.registrationNumber.replace(/\s+/g, '').toUpperCase()}`;
}
