/**
 * Adds a person who signs in with an e-mail link (the first facilitator of a deployment; later
 * ones are invited from the pages), and asks for nothing else: they sign in at PUBLIC_URL/sign-in.
 *
 *   npm run create-person -- --role facilitator --name "Anna Lund" --email anna.lund@example.se
 *   npm run create-person -- --role development_head --name "Karin Berg" --email karin@vasteras.se --organisation-id <id>
 *
 * `--language en` for English e-mails and pages (default sv). Uses the database of MONGODB_URI.
 */
import { parseArgs } from 'node:util';
import { getConfig } from '../config';
import { openDatabase } from '../models';
import { AppError } from '../services/app-error';
import { addPerson } from '../services/people';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      language: { type: 'string', default: 'sv' },
      'organisation-id': { type: 'string' },
    },
    strict: true,
  });
  const config = getConfig();
  const db = await openDatabase(config.MONGODB_URI);
  try {
    await db.ensureIndexes();
    const person = await addPerson(db.repos, {
      role: values.role,
      name: values.name,
      email: values.email,
      language: values.language,
      ...(values['organisation-id'] === undefined ? {} : { organisationId: values['organisation-id'] }),
    });
    console.log(`Added ${person.role} ${person.name} <${person.email}> (id ${person.id}).`);
    console.log(`Sign in at ${config.PUBLIC_URL}/sign-in`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof AppError) {
    console.error(`create-person: ${error.message}`);
    for (const field of error.fields) console.error(`  ${field.path}: ${field.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
