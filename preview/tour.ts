/**
 * How to show each page of app.json with the demo estate: as whom, and with which query. The
 * gallery photographs every stop and the e2e "stays on 127.0.0.1" test visits every stop.
 * A page that needs an id or a particular identity adds its stop to STOPS; any other page is
 * opened as a resident with no query.
 */
import type { DemoEstate } from '../local/seed/estate';

export type Role = 'staff' | 'committee' | 'lead' | 'resident' | 'newcomer';
export type Query = Record<string, string>;

export interface TourStop {
  route: string;
  as: Role;
  query: Query;
  /** What the screenshot shows, for the gallery's index. */
  note: string;
}

export interface TourContext {
  demo: DemoEstate;
  /** Calls a cloud function through the gateway as `openid`, answering its `result`. */
  call(fn: string, event: Record<string, unknown>, openid: string): Promise<unknown>;
}

interface StopSpec {
  as?: Role;
  query?: (ctx: TourContext) => Query | Promise<Query>;
  note?: string;
}

/** The id of the first open activity of `kind` on the home feed (e.g. a proposal collecting co-signs). */
async function firstActivity(ctx: TourContext, kind: string): Promise<string> {
  const home = (await ctx.call('community', { action: 'home' }, ctx.demo.residents[0])) as {
    ok: boolean;
    data?: { activities: Array<{ kind: string; id: string }> };
  };
  // Feed ids are `<kind>_<id>` (docs/architecture.md, "Home feed").
  const id = home.data?.activities.find((a) => a.kind === kind)?.id ?? '';
  return id.slice(kind.length + 1);
}

/** The vote of the demo estate's proposal in `status` ('voting': the elevators; 'decided': the park hours). */
async function voteOf(ctx: TourContext, status: 'voting' | 'decided'): Promise<string> {
  const who = ctx.demo.residents[0];
  const list = (await ctx.call(
    'proposal',
    { action: 'list', estateId: ctx.demo.estateId, status },
    who,
  )) as { data?: { items: Array<{ id: string }> } };
  const proposalId = list.data?.items[0]?.id ?? '';
  const view = (await ctx.call('proposal', { action: 'get', proposalId }, who)) as {
    data?: { vote: { voteId: string | null } | null };
  };
  return view.data?.vote?.voteId ?? '';
}

/** The demo estate's fund (糖果甜蜜基金). */
async function demoFund(ctx: TourContext): Promise<string> {
  const overview = (await ctx.call('fund', { action: 'fund' }, ctx.demo.residents[0])) as {
    data?: { fund: { id: string } };
  };
  return overview.data?.fund.id ?? '';
}

const STOPS: Record<string, StopSpec> = {
  'pages/home/home': { note: '首页：小区、我的房屋和正在进行的事' },
  'pages/bind/bind': { as: 'newcomer', note: '绑定房屋（未绑定的新邻居）' },
  'pages/me/me': { note: '我的：房屋、角色和记录' },
  'pages/committee-roster/committee-roster': {
    as: 'committee',
    query: ({ demo }) => ({ estateId: demo.estateId }),
    note: '花名册与绑定码（业委会）',
  },
  'pages/proposals/proposals': {
    query: ({ demo }) => ({ estateId: demo.estateId }),
    note: '议题列表',
  },
  'pages/proposal/proposal': {
    query: async (ctx) => ({ id: await firstActivity(ctx, 'proposal') }),
    note: '议题详情与联署',
  },
  'pages/proposal-edit/proposal-edit': {
    query: ({ demo }) => ({ estateId: demo.estateId }),
    note: '起草议题',
  },
  'pages/fund-campaign/fund-campaign': {
    query: async (ctx) => ({ id: await firstActivity(ctx, 'campaign') }),
    note: '募捐详情',
  },
  'pages/volunteer-task/volunteer-task': {
    query: async (ctx) => ({ id: await firstActivity(ctx, 'task') }),
    note: '志愿任务（报名、候补）',
  },
  'pages/volunteer-organiser/volunteer-organiser': {
    as: 'lead',
    query: async (ctx) => ({ id: await firstActivity(ctx, 'task') }),
    note: '志愿任务的组织者视图',
  },
  'pages/proposal-committee/proposal-committee': {
    as: 'committee',
    query: async (ctx) => ({ id: await firstActivity(ctx, 'proposal'), action: 'addHearing' }),
    note: '业委会记录听证会',
  },
  'pages/vote/vote': {
    query: async (ctx) => ({ id: await voteOf(ctx, 'voting') }),
    note: '表决：更换6部电梯（投票与回执）',
  },
  'pages/vote-results/vote-results': {
    query: async (ctx) => ({ id: await voteOf(ctx, 'decided') }),
    note: '表决结果：参与率、两项法定门槛、分楼栋、公示名单',
  },
  'pages/vote-paper/vote-paper': {
    as: 'committee',
    query: async (ctx) => ({ id: await voteOf(ctx, 'voting') }),
    note: '录入纸质选票（业委会）',
  },
  'pages/fund/fund': { note: '社区基金：余额、募捐和公开账本' },
  'pages/fund-donations/fund-donations': { note: '我的捐款' },
  'pages/fund-offline/fund-offline': {
    as: 'committee',
    query: async (ctx) => ({ fundId: await demoFund(ctx) }),
    note: '线下捐款登记与复核（业委会）',
  },
  'pages/fund-expenses/fund-expenses': {
    as: 'committee',
    query: async (ctx) => ({ fundId: await demoFund(ctx) }),
    note: '支出申请与审批（业委会）',
  },
  'pages/volunteer/volunteer': { note: '志愿任务列表' },
  'pages/volunteer-hours/volunteer-hours': { note: '我的志愿时长与服务记录' },
  'pages/volunteer-edit/volunteer-edit': { as: 'lead', note: '发布志愿任务（楼长）' },
};

export async function planTour(pages: string[], ctx: TourContext): Promise<TourStop[]> {
  const stops: TourStop[] = [];
  for (const route of pages) {
    const spec = STOPS[route] ?? {};
    stops.push({
      route,
      as: spec.as ?? 'resident',
      query: (await spec.query?.(ctx)) ?? {},
      note: spec.note ?? '',
    });
  }
  return stops;
}

export function stopUrl(stop: TourStop): string {
  const search = new URLSearchParams(stop.query).toString();
  return `/${stop.route}${search ? `?${search}` : ''}`;
}

/** A TourContext.call over HTTP to the gateway. */
export function gatewayCaller(gatewayUrl: string): TourContext['call'] {
  return async (fn, event, openid) => {
    const res = await fetch(`${gatewayUrl}/fn/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
      body: JSON.stringify(event),
    });
    return ((await res.json()) as { result?: unknown }).result;
  };
}
