import type { ActivityItem, HomeData } from '../../typings/api';
import { authorizeMember } from '../access';
import { Collections } from '../collections';
import { AppError } from '../errors';
import { command } from '../runtime/handler';
import { id, object, optional } from '../validate';
import { boundHouseholds, estateSummary } from './estates';
import type { ActivityDoc, EstateDoc } from './model';
import type { IndexDecl } from '../indexes';

const FEED_SIZE = 20;
const KINDS: ActivityItem['kind'][] = ['proposal', 'vote', 'campaign', 'task'];

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.activities,
    keys: { estateId: 1, open: 1, updatedAt: -1 },
    why: "home: the estate's open activities, latest first, and their count by kind",
  },
];

/**
 * Home: what the estate has going on. Round trips: membership, estate, feed, open counts and
 * joined households — five, none of which grows with the size of the estate.
 */
export const home = command(
  object({ estateId: optional(id('小区')) }),
  async (ctx, req): Promise<HomeData> => {
    const { member } = await authorizeMember(ctx, 'community.home', req.estateId);
    const { db } = ctx;
    const _ = db.command;
    const $ = db.command.aggregate;

    const [estateRes, feedRes, countRes, bound] = await Promise.all([
      db.collection(Collections.estates).doc(member.estateId).get(),
      db
        .collection(Collections.activities)
        .where({ estateId: member.estateId, open: true })
        .orderBy('updatedAt', 'desc')
        .limit(FEED_SIZE)
        .get(),
      db
        .collection(Collections.activities)
        .aggregate()
        .match({ estateId: _.eq(member.estateId), open: _.eq(true) })
        .group({ _id: '$kind', n: $.sum(1) })
        .end(),
      boundHouseholds(ctx, [member.estateId]),
    ]);
    const estate = (estateRes.data as EstateDoc[])[0];
    if (!estate) throw new AppError('NOT_FOUND', '找不到这个小区');

    const open = Object.fromEntries(KINDS.map((k) => [k, 0])) as HomeData['open'];
    for (const row of (countRes.data ?? []) as Array<{ _id: ActivityItem['kind']; n: number }>) {
      if (KINDS.includes(row._id)) open[row._id] = row.n;
    }

    return {
      estate: estateSummary(estate, bound.get(estate._id) ?? 0),
      roles: member.roles,
      units: member.unitLabels,
      activities: (feedRes.data as ActivityDoc[]).map((a) => ({
        kind: a.kind,
        id: a._id,
        title: a.title,
        status: a.status,
        updatedAt: new Date(a.updatedAt).toISOString(),
      })),
      open,
    };
  },
);
