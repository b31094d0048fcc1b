import {
  fitDenseChannel,
  needEmbeddingText,
  startupEmbeddingText,
  type DenseChannel,
  type NeedDocument,
  type ScoringIndex,
  type StartupDocument,
} from '../../scoring';
import type { DenseTarget } from '../embeddings';

type Kind = 'need' | 'startup';

/** A vector the index holds, with the text it was embedded from. */
interface HeldVector {
  text: string;
  vector: ArrayLike<number>;
}

/** What changed in the index when a pass was applied: the rankings to look at again. */
export interface DenseChange {
  /** True when the channel was set or refitted (every pair's score changes). */
  channel: boolean;
  needIds: string[];
  startupIds: string[];
}

/**
 * What one pass of `syncDenseVectors` gave (it is the pass's target), held until the owner applies
 * it between jobs: the service is asked while jobs go on changing the index, so each vector carries
 * the text it was asked for and is dropped if the document's text changed meanwhile.
 */
export class DenseStage implements DenseTarget {
  channel: DenseChannel | null = null;
  readonly vectors: { kind: Kind; id: string; text: string; vector: ArrayLike<number> }[] = [];

  constructor(
    readonly denseModel: string | null,
    private readonly held: ReadonlySet<string>,
    private readonly texts: ReadonlyMap<string, string>,
  ) {}

  hasDenseVector(kind: Kind, id: string): boolean {
    return this.held.has(`${kind}:${id}`);
  }

  setDenseChannel(channel: DenseChannel | null): void {
    this.channel = channel;
  }

  setNeedVector(id: string, vector: ArrayLike<number> | null): void {
    this.stage('need', id, vector);
  }

  setStartupVector(id: string, vector: ArrayLike<number> | null): void {
    this.stage('startup', id, vector);
  }

  private stage(kind: Kind, id: string, vector: ArrayLike<number> | null): void {
    const text = this.texts.get(`${kind}:${id}`);
    if (vector !== null && text !== undefined) this.vectors.push({ kind, id, text, vector });
  }
}

/**
 * The dense channel of a shard owner's index and each document's vector with the text it came
 * from. Kept beside the index so that a reload (a new model) gets them back without asking the
 * service, and so that a document whose text changed loses its vector (it ranks lexically) until
 * its new text is embedded. The channel is refitted, from the vectors held, whenever the profiles
 * with a vector have doubled since its fit: a channel fitted on the first few profiles would keep
 * only their few directions.
 */
export class DenseVectors {
  private channel: DenseChannel | null = null;
  /** Profiles the channel was fitted on. */
  private fittedOn = 0;
  private readonly held = new Map<string, HeldVector>();
  private readonly needs = new Map<string, NeedDocument>();
  private readonly startups = new Map<string, StartupDocument>();

  /** Forgets every document (a reload notes them again); the vectors stay, keyed by their text. */
  forgetDocuments(): void {
    this.needs.clear();
    this.startups.clear();
  }

  /** Notes a need's current document (null: gone or closed); a changed text takes its vector away. */
  noteNeed(index: ScoringIndex, id: string, doc: NeedDocument | null): void {
    if (doc) this.needs.set(id, doc);
    else this.needs.delete(id);
    if (this.forget('need', id, doc ? needEmbeddingText(doc) : null)) index.setNeedVector(id, null);
  }

  /** Notes a profile's current document (null: deleted); a changed text takes its vector away. */
  noteStartup(index: ScoringIndex, id: string, doc: StartupDocument | null): void {
    if (doc) this.startups.set(id, doc);
    else this.startups.delete(id);
    if (this.forget('startup', id, doc ? startupEmbeddingText(doc) : null)) index.setStartupVector(id, null);
  }

  /** Drops the held vector unless it was embedded from `text`; true when one was dropped. */
  private forget(kind: Kind, id: string, text: string | null): boolean {
    const key = `${kind}:${id}`;
    const held = this.held.get(key);
    if (held === undefined || held.text === text) return false;
    this.held.delete(key);
    return true;
  }

  /** Gives a freshly built index (a reload) the channel and every vector held. */
  loadInto(index: ScoringIndex): void {
    if (this.channel === null) return;
    index.setDenseChannel(this.channel);
    for (const [key, held] of this.held) {
      const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
      if (kind === 'need') index.setNeedVector(id, held.vector);
      else index.setStartupVector(id, held.vector);
    }
  }

  /**
   * A snapshot for one pass: the documents, and a target that answers as the index does (no
   * channel: no vector counts, so every profile is asked for and the channel can be fitted).
   */
  stage(): { stage: DenseStage; docs: { needs: NeedDocument[]; startups: StartupDocument[] } } {
    const texts = new Map<string, string>();
    const held = new Set<string>();
    for (const [id, doc] of this.needs) this.snapshot('need', id, needEmbeddingText(doc), texts, held);
    for (const [id, doc] of this.startups)
      this.snapshot('startup', id, startupEmbeddingText(doc), texts, held);
    return {
      stage: new DenseStage(this.channel?.model ?? null, held, texts),
      docs: { needs: [...this.needs.values()], startups: [...this.startups.values()] },
    };
  }

  private snapshot(
    kind: Kind,
    id: string,
    text: string,
    texts: Map<string, string>,
    held: Set<string>,
  ): void {
    const key = `${kind}:${id}`;
    if (this.channel !== null && this.held.has(key)) held.add(key);
    else texts.set(key, text);
  }

  /** Applies a pass's vectors (those whose document still has the text embedded) and channel to `index`. */
  apply(index: ScoringIndex, stage: DenseStage): DenseChange {
    const change: DenseChange = { channel: false, needIds: [], startupIds: [] };
    for (const { kind, id, text, vector } of stage.vectors) {
      const doc = kind === 'need' ? this.needs.get(id) : this.startups.get(id);
      if (doc === undefined) continue;
      const current =
        kind === 'need'
          ? needEmbeddingText(doc as NeedDocument)
          : startupEmbeddingText(doc as StartupDocument);
      // Already held (a pass without a channel asks for every profile again): nothing changes.
      if (current !== text || this.held.get(`${kind}:${id}`)?.text === text) continue;
      this.held.set(`${kind}:${id}`, { text, vector });
      if (kind === 'need') change.needIds.push(id);
      else change.startupIds.push(id);
    }
    const profileVectors = [...this.startups.keys()].map((id) => this.held.get(`startup:${id}`)?.vector);
    const everyProfile = profileVectors.every((vector) => vector !== undefined);
    if (stage.channel !== null && everyProfile) {
      this.setChannel(stage.channel, profileVectors.length);
      change.channel = true;
    } else if (this.channel !== null && everyProfile && profileVectors.length >= 2 * this.fittedOn) {
      this.setChannel(
        fitDenseChannel(this.channel.model, profileVectors as ArrayLike<number>[]),
        profileVectors.length,
      );
      change.channel = true;
    }
    if (change.channel) this.loadInto(index);
    else
      for (const [kind, ids] of [
        ['need', change.needIds],
        ['startup', change.startupIds],
      ] as const)
        for (const id of ids) {
          const vector = (this.held.get(`${kind}:${id}`) as HeldVector).vector;
          if (kind === 'need') index.setNeedVector(id, vector);
          else index.setStartupVector(id, vector);
        }
    return change;
  }

  private setChannel(channel: DenseChannel, fittedOn: number): void {
    this.channel = channel;
    this.fittedOn = fittedOn;
  }

  /** Documents whose pairs are not scored with the dense channel yet. */
  missing(): { needs: number; startups: number } {
    const count = (ids: Iterable<string>, kind: Kind) =>
      [...ids].filter((id) => this.channel === null || !this.held.has(`${kind}:${id}`)).length;
    return { needs: count(this.needs.keys(), 'need'), startups: count(this.startups.keys(), 'startup') };
  }
}
