import type { TeamSummary } from '../../typings/volunteer';
import { authorize } from '../access';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import { AppError } from '../errors';
import { command, type CommandContext } from '../runtime/handler';
import { id, object, optional, string } from '../validate';
import { teamId, type TeamDoc } from './model';
import type { IndexDecl } from '../indexes';

export const toTeam = (t: TeamDoc): TeamSummary => ({
  id: t._id,
  name: t.name,
  description: t.description,
});

/**
 * The committee or staff found a team (志愿服务队). Its id comes from the estate and the name,
 * so a second team of the same name is refused by the database. Round trips: membership,
 * insert, audit.
 */
export const createTeam = command(
  object({
    estateId: id('小区'),
    name: string('队名', { min: 2, max: 20 }),
    description: optional(string('简介', { max: 200 })),
  }),
  async (ctx, req): Promise<TeamSummary> => {
    const { openid } = await authorize(ctx, 'volunteer.createTeam', req.estateId);
    const team: TeamDoc = {
      _id: teamId(req.estateId, req.name),
      estateId: req.estateId,
      name: req.name,
      description: req.description ?? '',
      createdBy: openid,
      createdAt: ctx.now,
    };
    try {
      await ctx.db.collection(Collections.volunteerTeams).add(team);
    } catch (err) {
      if ((err as { code?: string }).code === 'DATABASE_DUPLICATE_WRITE')
        throw new AppError('CONFLICT', `已经有一支叫「${req.name}」的队伍了`);
      throw err;
    }
    await writeAudit(ctx.db, ctx, {
      estateId: req.estateId,
      actor: openid,
      action: 'volunteer.createTeam',
      target: team._id,
      summary: `成立了志愿服务队「${req.name}」`,
    });
    return toTeam(team);
  },
);

/** One team of the estate, or NOT_FOUND. One round trip. */
export async function loadTeam(
  ctx: CommandContext,
  estateId: string,
  id: string,
): Promise<TeamDoc> {
  const { data } = await ctx.db.collection(Collections.volunteerTeams).doc(id).get();
  const team = (data as TeamDoc[])[0];
  if (!team || team.estateId !== estateId) throw new AppError('NOT_FOUND', '找不到这支志愿服务队');
  return team;
}

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.volunteerTeams,
    keys: { estateId: 1, createdAt: 1 },
    why: "an estate's teams, oldest first",
  },
];

/** The estate's teams by name. One round trip. */
export async function listTeams(ctx: CommandContext, estateId: string): Promise<TeamDoc[]> {
  const { data } = await ctx.db
    .collection(Collections.volunteerTeams)
    .where({ estateId })
    .orderBy('createdAt', 'asc')
    .limit(100)
    .get();
  return data as TeamDoc[];
}
