/**
 * Creates an API key and prints it once (only its SHA-256 is stored).
 *
 *   npm run create-key -- --role facilitator --name "Anna (facilitator)"
 *   npm run create-key -- --role development_head --name "Karin Berg" --organisation-id <id>
 *   npm run create-key -- --role startup --name "Inspecta AB" --startup-id <id>
 *
 * Uses the database of MONGODB_URI.
 */
import { parseArgs } from 'node:util';
import { getConfig } from '../config';
import { openDatabase } from '../models';
import { AppError } from '../services/app-error';
import { issueApiKey } from '../services/api-keys';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      'organisation-id': { type: 'string' },
      'startup-id': { type: 'string' },
    },
    strict: true,
  });
  const db = await openDatabase(getConfig().MONGODB_URI);
  try {
    await db.ensureIndexes();
    const issued = await issueApiKey(db.repos, {
      role: values.role,
      name: values.name,
      ...(values['organisation-id'] === undefined ? {} : { organisationId: values['organisation-id'] }),
      ...(values['startup-id'] === undefined ? {} : { startupId: values['startup-id'] }),
    });
    console.log(`Created ${issued.role} key "${issued.name}" (id ${issued.id}). It is shown only now:`);
    console.log(issued.key);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof AppError) {
    console.error(`create-key: ${error.message}`);
    for (const field of error.fields) console.error(`  ${field.path}: ${field.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
