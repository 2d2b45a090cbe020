import { filtersOf, isIdLookup, serves, shapesOf, type QueryShape } from '../../local/query-shapes';

const shape = (filter: QueryShape['filter'], sort: QueryShape['sort'] = []): QueryShape => ({
  collection: 'c',
  via: 'get',
  filter,
  sort,
});

describe('query shapes', () => {
  it('name each field with its kind of condition, and split an $or into alternatives', () => {
    expect(
      filtersOf({
        estateId: 'e1',
        at: new Date(0),
        status: { $in: ['a', 'b'] },
        n: { $gt: 0 },
        open: { $eq: true },
      }),
    ).toEqual([{ estateId: 'eq', at: 'eq', status: 'in', n: 'range', open: 'eq' }]);
    expect(
      filtersOf({
        $and: [{ estateId: 'e1' }, { $or: [{ status: { $in: ['x'] } }, { endAt: { $lte: 1 } }] }],
      }),
    ).toEqual([
      { estateId: 'eq', status: 'in' },
      { estateId: 'eq', endAt: 'range' },
    ]);
  });

  it('are read from the SDK parameters of finds, counts, updates, removes and aggregates', () => {
    const query = JSON.stringify({ voteId: 'v1' });
    expect(
      shapesOf('database.getDocument', {
        collectionName: 'ballots',
        query,
        order: JSON.stringify({ receipt: 1 }),
      }),
    ).toEqual([
      { collection: 'ballots', via: 'get', filter: { voteId: 'eq' }, sort: [['receipt', 1]] },
    ]);
    expect(shapesOf('database.removeDocument', { collectionName: 'x', query })[0].via).toBe(
      'remove',
    );
    expect(
      shapesOf('database.aggregateDocuments', {
        collectionName: 'x',
        stages: [
          { stageKey: '$match', stageValue: query },
          { stageKey: '$sort', stageValue: JSON.stringify({ at: -1 }) },
        ],
      }),
    ).toEqual([
      { collection: 'x', via: 'aggregate', filter: { voteId: 'eq' }, sort: [['at', -1]] },
    ]);
    expect(shapesOf('database.insertDocument', { collectionName: 'x', data: [] })).toEqual([]);
  });

  it('treat lookups by _id as needing no index of ours', () => {
    expect(isIdLookup(shape({ _id: 'eq', status: 'eq' }))).toBe(true);
    expect(isIdLookup(shape({ _id: 'in' }))).toBe(true);
    expect(isIdLookup(shape({ _id: 'range', fundId: 'eq' }))).toBe(false);
  });

  describe('are served by an index in ESR order', () => {
    const ix = (keys: Record<string, 1 | -1>) => ({ keys });
    it.each([
      [
        'equality then range',
        ix({ status: 1, deadline: 1 }),
        shape({ status: 'eq', deadline: 'range' }),
        true,
      ],
      [
        'range before equality',
        ix({ deadline: 1, status: 1 }),
        shape({ status: 'eq', deadline: 'range' }),
        false,
      ],
      [
        'a range the index lacks',
        ix({ status: 1 }),
        shape({ status: 'eq', deadline: 'range' }),
        false,
      ],
      [
        'equality then sort',
        ix({ fundId: 1, seq: -1 }),
        shape({ fundId: 'eq' }, [['seq', -1]]),
        true,
      ],
      [
        'the sort walked backwards',
        ix({ fundId: 1, seq: -1 }),
        shape({ fundId: 'eq' }, [['seq', 1]]),
        true,
      ],
      [
        'a sort in mixed directions',
        ix({ a: 1, b: 1, c: 1 }),
        shape({ a: 'eq' }, [
          ['b', 1],
          ['c', -1],
        ]),
        false,
      ],
      ['a sort the index lacks', ix({ fundId: 1 }), shape({ fundId: 'eq' }, [['seq', -1]]), false],
      [
        'sort then range',
        ix({ e: 1, s: 1, r: 1 }),
        shape({ e: 'eq', r: 'range' }, [['s', 1]]),
        true,
      ],
      [
        'range on the sort key',
        ix({ fundId: 1, seq: -1 }),
        shape({ fundId: 'eq', seq: 'range' }, [['seq', -1]]),
        true,
      ],
      [
        'an equality left to the fetch',
        ix({ estateId: 1, _id: 1 }),
        shape({ estateId: 'eq', memberCount: 'eq' }, [['_id', 1]]),
        true,
      ],
      ['no equality field first', ix({ other: 1, estateId: 1 }), shape({ estateId: 'eq' }), false],
      [
        'a sort key pinned by equality',
        ix({ c: 1, at: -1, _id: -1 }),
        shape({ c: 'eq', at: 'eq', _id: 'range' }, [
          ['at', -1],
          ['_id', -1],
        ]),
        true,
      ],
      ['a scan', ix({ a: 1 }), shape({}), false],
    ] as const)('%s', (_name, index, s, expected) => {
      expect(serves(index, s as QueryShape)).toBe(expected);
    });
  });
});
