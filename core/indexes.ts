import type { CollectionName } from './collections';

/**
 * An index a query needs, declared as `INDEXES` in the module that runs the query and gathered
 * by the provisioning plan (core/provision/plan.ts). Keys in MongoDB's ESR order: the fields
 * compared for equality first, then the sort, then the ranges. The plan imports the modules,
 * never the other way round.
 */
export interface IndexDecl {
  collection: CollectionName;
  /** In order; 1 ascending, -1 descending (a sort may walk the index either way). */
  keys: Record<string, 1 | -1>;
  /** Only where a uniqueness rule relies on the index itself, not on a deterministic _id. */
  unique?: true;
  /** Which query needs it, in a few words (shown by `npm run provision -- --dry-run`). */
  why: string;
}
