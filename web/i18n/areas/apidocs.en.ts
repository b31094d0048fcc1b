import type { ApidocsKey } from './keys';

/** English texts of the API reference (`/docs`); the same keys as `apidocs.sv.ts` (the compiler checks). */
export const apidocsEn: Record<ApidocsKey, string> = {
  'apidocs.title': 'API reference',
  'apidocs.lead':
    'Every call the API takes and what it answers, from the same description as {link} (OpenAPI 3.1). Send the key as `Authorization: Bearer mm_…`.',
  'apidocs.contents': 'Contents',
  'apidocs.who': 'Who',
  'apidocs.parameters': 'Parameters',
  'apidocs.body': 'Body',
  'apidocs.responses': 'Responses',
  'apidocs.field': 'Field',
  'apidocs.type': 'Type',
  'apidocs.required': 'required',
  'apidocs.public': 'no key',
  'apidocs.problem': 'otherwise a problem (application/problem+json)',
};
