/** One collection's documents and its unique indexes. */
import { DbError } from './errors';
import { canonicalKey, getPath, idKey, type Doc, type DocId } from './values';

/** A document's new content; null = deleted. */
export interface DocChange {
  id: DocId;
  after: Doc | null;
}

class UniqueIndex {
  /** Index key → idKey of the document holding it. */
  readonly owners = new Map<string, string>();

  constructor(readonly fields: string[]) {}

  /** A missing field counts as null, as in MongoDB. */
  keyOf(doc: Doc): string {
    return canonicalKey(this.fields.map((f) => getPath(doc, f) ?? null));
  }
}

export class Collection {
  /** By idKey: ids of different types never collide. */
  private readonly docs = new Map<string, Doc>();
  private readonly indexes: UniqueIndex[] = [];

  constructor(readonly name: string) {}

  get(id: DocId): Doc | undefined {
    return this.docs.get(idKey(id));
  }

  values(): IterableIterator<Doc> {
    return this.docs.values();
  }

  get size(): number {
    return this.docs.size;
  }

  /** Replay from the journal: no index bookkeeping (indexes are declared after loading). */
  load(id: DocId, doc: Doc | null): void {
    if (doc) this.docs.set(idKey(id), doc);
    else this.docs.delete(idKey(id));
  }

  addUniqueIndex(fields: string[]): void {
    if (fields.length === 0) throw new DbError('INVALID_PARAM', 'a unique index needs a field');
    if (this.indexes.some((i) => i.fields.join() === fields.join())) return;
    const index = new UniqueIndex(fields);
    for (const [id, doc] of this.docs) {
      const key = index.keyOf(doc);
      const other = index.owners.get(key);
      if (other !== undefined) {
        throw new DbError(
          'DATABASE_DUPLICATE_WRITE',
          `cannot create unique index (${fields}) on "${this.name}": ${other.slice(1)} and ${id.slice(1)} collide`,
        );
      }
      index.owners.set(key, id);
    }
    this.indexes.push(index);
  }

  /** Throws DATABASE_DUPLICATE_WRITE if applying these changes together would break an index. */
  checkUnique(changes: readonly DocChange[]): void {
    for (const index of this.indexes) {
      // Keys the changed documents give up are free for the others in the same batch.
      const freed = new Set<string>();
      for (const { id } of changes) {
        const before = this.get(id);
        if (before) freed.add(index.keyOf(before));
      }
      const claimed = new Map<string, string>();
      for (const { id, after } of changes) {
        if (!after) continue;
        const key = index.keyOf(after);
        const owner = claimed.get(key) ?? (freed.has(key) ? undefined : index.owners.get(key));
        if (owner !== undefined && owner !== idKey(id)) {
          throw new DbError(
            'DATABASE_DUPLICATE_WRITE',
            `duplicate key for unique index (${index.fields}) on "${this.name}": already used by ${owner.slice(1)}`,
          );
        }
        claimed.set(key, idKey(id));
      }
    }
  }

  /** Applies changes that passed checkUnique. */
  apply(changes: readonly DocChange[]): void {
    for (const { id } of changes) {
      const before = this.get(id);
      if (!before) continue;
      for (const index of this.indexes) {
        const key = index.keyOf(before);
        if (index.owners.get(key) === idKey(id)) index.owners.delete(key);
      }
    }
    for (const { id, after } of changes) {
      this.load(id, after);
      if (after) for (const index of this.indexes) index.owners.set(index.keyOf(after), idKey(id));
    }
  }
}
