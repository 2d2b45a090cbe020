import type { ProposalStatus, ProposalView } from '../../typings/proposal';
import { writeAudit } from '../audit';
import { Collections } from '../collections';
import { AppError, invalid } from '../errors';
import { command, type CommandContext } from '../runtime/handler';
import { array, fileId, id, isoDate, object, oneOf, optional, string } from '../validate';
import { refreshFeed } from './cosign';
import type { ProposalDoc } from './model';
import { assertAbility, situate, type Loaded } from './situation';
import { toView } from './view';

const DAY = 86_400_000;

/** Applies a change only if the status is still the one the rules were checked against. */
async function transition(
  ctx: CommandContext,
  s: Loaded,
  changes: Partial<ProposalDoc>,
  audit: { action: string; summary: string },
): Promise<ProposalView> {
  const p = s.proposal;
  const { updated } = await ctx.db
    .collection(Collections.proposals)
    .where({ _id: p._id, status: p.status })
    .update({ ...changes, updatedAt: ctx.now });
  if (updated === 0) throw new AppError('CONFLICT', '议题状态刚刚发生了变化，请刷新后再试');
  const next = { ...p, ...changes, updatedAt: ctx.now } as ProposalDoc;
  if (changes.status) await refreshFeed(ctx, next, s.tally);
  await writeAudit(ctx.db, ctx, { estateId: p.estateId, actor: s.openid, target: p._id, ...audit });
  return toView({ ...s, proposal: next });
}

/** The committee admits a proposal that reached the threshold (estates without automatic admission). */
export const admit = command(object({ proposalId: id('议题') }), async (ctx, req) => {
  const s = await situate(ctx, 'proposal.admit', req.proposalId);
  assertAbility(s, 'admit');
  return transition(
    ctx,
    s,
    { status: 'admitted', admittedAt: ctx.now },
    {
      action: 'proposal.admit',
      summary: `业委会准入议题「${s.proposal.title}」`,
    },
  );
});

/** The committee may decline an admitted proposal only with a written reason, shown publicly. */
export const reject = command(
  object({ proposalId: id('议题'), reason: string('不予准入的理由', { min: 10, max: 500 }) }),
  async (ctx, req) => {
    const s = await situate(ctx, 'proposal.reject', req.proposalId);
    assertAbility(s, 'reject');
    return transition(
      ctx,
      s,
      { status: 'rejected', rejection: { reason: req.reason, at: ctx.now, by: s.memberId } },
      {
        action: 'proposal.reject',
        summary: `业委会不予准入议题「${s.proposal.title}」：${req.reason}`,
      },
    );
  },
);

/** The hearing log (听证会): date, summary, minutes or photos. */
export const addHearing = command(
  object({
    proposalId: id('议题'),
    date: isoDate('听证日期'),
    summary: string('听证纪要', { min: 5, max: 2000 }),
    attachments: optional(array('附件', fileId('附件'), { max: 9 })),
  }),
  async (ctx, req) => {
    const s = await situate(ctx, 'proposal.addHearing', req.proposalId);
    assertAbility(s, 'addHearing');
    if (s.proposal.hearings.length >= 50)
      throw new AppError('INVALID_STATE', '听证记录已达上限（50 条）');
    const hearing = { date: req.date, summary: req.summary, attachments: req.attachments ?? [] };
    const hearings = [...s.proposal.hearings, hearing].sort(
      (a, b) => +new Date(a.date) - +new Date(b.date),
    );
    return transition(
      ctx,
      s,
      { hearings },
      {
        action: 'proposal.addHearing',
        summary: `记录了议题「${s.proposal.title}」的第 ${hearings.length} 次听证`,
      },
    );
  },
);

/** The committee sets when the vote opens and closes; the scheduler opens and closes it then. */
export const schedule = command(
  object({
    proposalId: id('议题'),
    opensAt: isoDate('表决开始时间'),
    closesAt: isoDate('表决结束时间'),
    mode: optional(oneOf('表决方式', ['majority', 'civilCode'] as const)),
  }),
  async (ctx, req) => {
    const s = await situate(ctx, 'proposal.schedule', req.proposalId);
    assertAbility(s, 'schedule');
    if (req.opensAt.getTime() < ctx.now.getTime() - 60_000)
      throw invalid('opensAt', '表决开始时间不能早于现在');
    const length = req.closesAt.getTime() - req.opensAt.getTime();
    if (length < 3_600_000 || length > 90 * DAY)
      throw invalid('closesAt', '表决时长应在 1 小时到 90 天之间');
    const status: ProposalStatus = 'scheduled';
    return transition(
      ctx,
      s,
      {
        status,
        vote: {
          opensAt: req.opensAt,
          closesAt: req.closesAt,
          ...(req.mode ? { mode: req.mode } : {}),
        },
      },
      {
        action: 'proposal.schedule',
        summary: `安排了议题「${s.proposal.title}」的表决`,
      },
    );
  },
);

/** Follow-up after the decision: tender, contract, construction, acceptance. */
export const addMilestone = command(
  object({
    proposalId: id('议题'),
    kind: oneOf('进展类型', ['tender', 'contract', 'construction', 'acceptance', 'other'] as const),
    date: isoDate('日期'),
    summary: string('进展说明', { min: 2, max: 1000 }),
  }),
  async (ctx, req) => {
    const s = await situate(ctx, 'proposal.addMilestone', req.proposalId);
    assertAbility(s, 'addMilestone');
    if (s.proposal.milestones.length >= 50)
      throw new AppError('INVALID_STATE', '进展记录已达上限（50 条）');
    const milestones = [
      ...s.proposal.milestones,
      { kind: req.kind, date: req.date, summary: req.summary },
    ];
    return transition(
      ctx,
      s,
      { milestones },
      {
        action: 'proposal.addMilestone',
        summary: `更新了议题「${s.proposal.title}」的进展：${req.summary}`,
      },
    );
  },
);
