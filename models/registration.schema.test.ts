import { parseOrganisationsnummer, registrationKeyOf, registrationSchema } from './registration.schema';

const valid = {
  companyName: 'Lumen Analys AB',
  country: 'se',
  registrationNumber: '5560360793',
  contactName: 'Sara Ek',
  email: 'Sara@Lumen.se',
  website: 'lumen.se',
  consent: 'yes',
  language: 'sv',
};

describe('a Swedish organisationsnummer', () => {
  it.each([
    ['556036-0793', '556036-0793'],
    ['5560360793', '556036-0793'],
    ['212000-0142', '212000-0142'],
    [' 802002-4280 ', '802002-4280'],
  ])('%s is valid and stored as %s', (typed, stored) => {
    expect(parseOrganisationsnummer(typed)).toEqual({ ok: true, value: stored });
  });

  it.each(['556036-0794', '5560360790', '212000-0143'])('%s has a wrong check digit', (typed) => {
    expect(parseOrganisationsnummer(typed)).toEqual({ ok: false, reason: 'checksum' });
  });

  it.each(['', '55603-60793', '556036079', '55603607931', '556036 0793', 'abcdef-ghij'])(
    '"%s" is not ten digits',
    (typed) => {
      expect(parseOrganisationsnummer(typed)).toEqual({ ok: false, reason: 'format' });
    },
  );
});

describe('a registration', () => {
  it('normalises country, number, e-mail and website', () => {
    const parsed = registrationSchema.parse(valid);
    expect(parsed).toMatchObject({
      country: 'SE',
      registrationNumber: '556036-0793',
      email: 'sara@lumen.se',
      website: 'https://lumen.se',
      consent: true,
    });
    expect(registrationKeyOf(parsed)).toBe('SE:556036-0793');
  });

  it('keeps another country’s number as typed, unchecked', () => {
    const parsed = registrationSchema.parse({ ...valid, country: 'NO', registrationNumber: '923 609 016' });
    expect(parsed.registrationNumber).toBe('923 609 016');
    expect(registrationKeyOf(parsed)).toBe('NO:923609016');
  });

  it('names the field of a wrong organisationsnummer and of a missing consent', () => {
    const result = registrationSchema.safeParse({ ...valid, registrationNumber: '556036-0794', consent: '' });
    expect(result.success).toBe(false);
    // Both at once: the number is checked even though another field is wrong.
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths.sort()).toEqual(['consent', 'registrationNumber']);
    const numberOnly = registrationSchema.safeParse({ ...valid, registrationNumber: '556036-0794' });
    expect(numberOnly.error!.issues).toEqual([
      expect.objectContaining({
        path: ['registrationNumber'],
        message: expect.stringMatching(/check digit/),
      }),
    ]);
  });
});
