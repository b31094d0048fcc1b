import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { EmbeddingKind, EmbeddingsClient } from '../services/embeddings';

/** Key of one vector: the model, the side (query or passage) and the exact text. */
function keyOf(model: string, kind: EmbeddingKind, text: string): string {
  return createHash('sha256').update(`${model}\u0000${kind}\u0000${text}`).digest('hex');
}

/**
 * Embeds texts through `client`, keeping every vector on disk under `dir` (one little-endian
 * float32 file per key): a second run of the same texts and model asks the service for nothing.
 * `onProgress` is told after each batch how many of the missing texts are done.
 */
export async function embedWithCache(
  client: EmbeddingsClient,
  dir: string,
  texts: readonly string[],
  kind: EmbeddingKind,
  onProgress: (done: number, missing: number) => void = () => {},
): Promise<Float32Array[]> {
  mkdirSync(dir, { recursive: true });
  const files = texts.map((text) => path.join(dir, `${keyOf(client.model, kind, text)}.f32`));
  const vectors: (Float32Array | null)[] = files.map((file) => {
    if (!existsSync(file)) return null;
    const bytes = readFileSync(file);
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4).slice();
  });
  const missing = vectors.flatMap((vector, i) => (vector === null ? [i] : []));
  const batch = 8;
  for (let start = 0; start < missing.length; start += batch) {
    const positions = missing.slice(start, start + batch);
    const embedded = await client.embed(
      positions.map((i) => texts[i] as string),
      kind,
    );
    positions.forEach((i, n) => {
      const vector = embedded[n] as Float32Array;
      vectors[i] = vector;
      writeFileSync(files[i] as string, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
    });
    onProgress(Math.min(missing.length, start + batch), missing.length);
  }
  return vectors as Float32Array[];
}
