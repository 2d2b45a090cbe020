/** One collection's documents, their versions (for transactions) and its unique indexes. */
import { DbError } from './errors';
import { canonicalKey, getPath, type Doc, type DocId } from './values';

/** A document's new content; null = deleted. */
export interface DocChange {
  id: DocId;
  after: Doc | null;
}

class UniqueIndex {
  readonly owners = new Map<string, DocId>();

  constructor(readonly fields: string[]) {}

  /** A missing field counts as null, as in MongoDB. */
  keyOf(doc: Doc): string {
    return canonicalKey(this.fields.map((f) => getPath(doc, f) ?? null));
  }
}

export class Collection {
  readonly docs = new Map<DocId, Doc>();
  /** Bumped by every committed write; kept after a delete while a transaction may have seen the doc. */
  private readonly versions = new Map<DocId, number>();
  private readonly indexes: UniqueIndex[] = [];

  constructor(readonly name: string) {}

  /** 0 for a document never written since start (or deleted and forgotten). */
  versionOf(id: DocId): number {
    return this.versions.get(id) ?? 0;
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
          `cannot create unique index (${fields}) on "${this.name}": ${other} and ${id} collide`,
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
        const before = this.docs.get(id);
        if (before) freed.add(index.keyOf(before));
      }
      const claimed = new Map<string, DocId>();
      for (const { id, after } of changes) {
        if (!after) continue;
        const key = index.keyOf(after);
        const owner = claimed.get(key) ?? (freed.has(key) ? undefined : index.owners.get(key));
        if (owner !== undefined && owner !== id) {
          throw new DbError(
            'DATABASE_DUPLICATE_WRITE',
            `duplicate key for unique index (${index.fields}) on "${this.name}": already used by ${owner}`,
          );
        }
        claimed.set(key, id);
      }
    }
  }

  /**
   * Applies changes that passed checkUnique. Deleted documents keep a version only when
   * `keepDeletedVersions` (an open transaction may have read them).
   */
  apply(
    changes: readonly DocChange[],
    nextVersion: () => number,
    keepDeletedVersions: boolean,
  ): void {
    for (const { id } of changes) {
      const before = this.docs.get(id);
      if (!before) continue;
      for (const index of this.indexes) {
        const key = index.keyOf(before);
        if (index.owners.get(key) === id) index.owners.delete(key);
      }
    }
    for (const { id, after } of changes) {
      if (after) {
        this.docs.set(id, after);
        for (const index of this.indexes) index.owners.set(index.keyOf(after), id);
      } else {
        this.docs.delete(id);
      }
      if (after || keepDeletedVersions) this.versions.set(id, nextVersion());
      else this.versions.delete(id);
    }
  }
}
