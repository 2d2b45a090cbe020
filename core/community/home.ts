import type { ActivityItem, HomeData } from '../../typings/api';
import { assertAllowed, getMember, requireSignedIn } from '../access';
import { Collections } from '../collections';
import { REFUSALS } from '../permissions';
import { AppError } from '../errors';
import { command, type CommandContext } from '../runtime/handler';
import { id, object, optional } from '../validate';
import { boundHouseholds, estateSummary } from './estates';
import type { ActivityDoc, EstateDoc, MemberDoc } from './model';

const FEED_SIZE = 20;
const KINDS: ActivityItem['kind'][] = ['proposal', 'vote', 'campaign', 'task'];

async function firstMembership(
  ctx: CommandContext,
  openid: string,
): Promise<MemberDoc | undefined> {
  const { data } = await ctx.db
    .collection(Collections.members)
    .where({ openid })
    .orderBy('joinedAt', 'asc')
    .limit(1)
    .get();
  return (data as MemberDoc[])[0];
}

/**
 * Home: what the estate has going on. Round trips: membership, estate, feed, open counts and
 * joined households — five, none of which grows with the size of the estate.
 */
export const home = command(
  object({ estateId: optional(id('小区')) }),
  async (ctx, req): Promise<HomeData> => {
    // The membership: by id when the estate is known (one get), else the caller's first estate.
    const openid = requireSignedIn(ctx);
    const member = req.estateId
      ? await getMember(ctx, req.estateId, openid)
      : await firstMembership(ctx, openid);
    assertAllowed('community.home', { openid, roles: member?.roles });
    if (!member) throw new AppError(REFUSALS.notMember.code, REFUSALS.notMember.message);
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
