/** Svenska texter för API-referensen (`/docs`). */
export const apidocsSv = {
  'apidocs.title': 'API-referens',
  'apidocs.lead':
    'Alla anrop som API:t tar emot och vad de svarar, ur samma beskrivning som {link} (OpenAPI 3.1). Beskrivningarna av anropen är på engelska. Skicka nyckeln som `Authorization: Bearer mm_…`.',
  'apidocs.contents': 'Innehåll',
  'apidocs.who': 'Vem',
  'apidocs.parameters': 'Parametrar',
  'apidocs.body': 'Kropp',
  'apidocs.responses': 'Svar',
  'apidocs.field': 'Fält',
  'apidocs.type': 'Typ',
  'apidocs.required': 'krävs',
  'apidocs.public': 'ingen nyckel',
  'apidocs.problem': 'annars ett problem (application/problem+json)',
} as const;
