/** The cloud returns at most 1000 documents per query. */
export const MAX_PAGE = 1000;

interface Pageable {
  skip(n: number): Pageable;
  limit(n: number): Pageable;
  get(): Promise<{ data: unknown }>;
}

/**
 * Reads every document a query matches, 1000 per round trip. The query must have a stable
 * order (orderBy a unique field, e.g. _id) so pages neither skip nor repeat documents.
 */
export async function readAll<T>(query: Pageable): Promise<T[]> {
  const all: T[] = [];
  for (;;) {
    const { data } = await query.skip(all.length).limit(MAX_PAGE).get();
    const page = data as T[];
    all.push(...page);
    if (page.length < MAX_PAGE) return all;
  }
}
