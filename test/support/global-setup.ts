import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Starts Redis and the MongoDB-protocol server only if they are down (scripts/services is idempotent). */
export default function globalSetup(): void {
  const script = path.join(__dirname, '..', '..', 'scripts', 'services');
  execFileSync('bash', [script, 'up'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
