/**
 * An estate of its own for a proposal page test file, set up through the functions.
 *
 * Page test files share one seeded stack and run in parallel. Co-signing, publishing or adding a
 * hearing changes what other files see of the demo estate (its feed, its counts, "还需 4 户"), so
 * tests that change state do it here: the demo staff member creates the estate and imports a
 * roster, members bind with the printed codes, and a committee member is appointed.
 */
import type { Result } from '../../typings/api';
import type { ProposalDraft } from '../../typings/proposal';
import { client, type GatewayAnswer } from '../support/gateway';
import { demoEstate } from './support';

const gateway = () => process.env.GONGZHI_GATEWAY_URL as string;
export const as = (openid: string) => client(gateway(), openid);

export async function ok<T>(answer: Promise<GatewayAnswer<Result<T>>>): Promise<T> {
  const { result } = await answer;
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.data;
}

export interface OwnEstate {
  estateId: string;
  /** Unit label of each bound openid. */
  labels: Record<string, string>;
  buildings: Array<{ id: string; name: string }>;
}

/**
 * `units` households in two buildings (half each), with the given members. `members[i]` binds to
 * unit i; `family` lists [openid, index of a unit already bound]: a second member of that
 * household. `committee` members are appointed by the staff.
 */
export async function ownEstate(opts: {
  name: string;
  units: number;
  members: string[];
  family?: Array<[string, number]>;
  committee?: string[];
}): Promise<OwnEstate> {
  const staff = as(demoEstate().staff[0]);
  const { estateId } = await ok(
    staff.call('community', 'createEstate', { name: opts.name, district: '页面测试社区' }),
  );
  const half = Math.ceil(opts.units / 2);
  const rows = Array.from({ length: opts.units }, (_, i) => {
    const building = i < half ? '1栋' : '2栋';
    const n = i < half ? i : i - half;
    const room = `1单元${Math.floor(n / 2) + 1}0${(n % 2) + 1}`;
    return `${building},${room},${(85 + (i % 5) * 10).toFixed(2)}`;
  });
  await ok(
    staff.call('community', 'importRoster', {
      estateId,
      csv: ['楼栋,房号,面积', ...rows].join('\n'),
    }),
  );
  const codes = async (include: 'unbound' | 'all') => {
    const issued = await ok(staff.call('community', 'issueBindingCodes', { estateId, include }));
    // Grouped by building and ordered by label: the first half of the list lives in 1栋.
    return issued.buildings.flatMap((b) => b.codes);
  };
  const labels: Record<string, string> = {};
  const first = await codes('unbound');
  const units = first.map((c) => c.unitId);
  const byUnit = new Map(first.map((c) => [c.unitId, c]));
  for (const [i, openid] of opts.members.entries()) {
    const bound = await ok(
      as(openid).call('community', 'bind', { code: byUnit.get(units[i])!.code }),
    );
    labels[openid] = bound.label;
  }
  if (opts.family?.length) {
    // New codes for every household, so family members can join a household already bound.
    const again = new Map((await codes('all')).map((c) => [c.unitId, c]));
    for (const [openid, index] of opts.family) {
      const bound = await ok(
        as(openid).call('community', 'bind', { code: again.get(units[index])!.code }),
      );
      labels[openid] = bound.label;
    }
  }
  if (opts.committee?.length) {
    const { members } = await ok(staff.call('community', 'listMembers', { estateId }));
    for (const openid of opts.committee) {
      const member = members.find((m) => m.units.includes(labels[openid]))!;
      await ok(
        staff.call('community', 'setRole', {
          estateId,
          memberId: member.memberId,
          role: 'committee',
          grant: true,
        }),
      );
    }
  }
  const meta = await ok(as(opts.members[0]).call('proposal', 'meta', { estateId }));
  return { estateId, labels, buildings: meta.buildings };
}

const DAY = 86_400_000;

/** A proposal drafted and published by `author` (ids only; read it back with `get`). */
export async function published(
  estateId: string,
  author: string,
  draft: Partial<ProposalDraft> & { title: string },
): Promise<string> {
  const { id } = await ok(
    as(author).call('proposal', 'create', {
      estateId,
      body: '这是页面测试用的议题内容，说明现状、问题和建议的做法。',
      category: 'community',
      scope: { kind: 'estate' },
      ...draft,
    }),
  );
  await ok(
    as(author).call('proposal', 'publish', {
      proposalId: id,
      cosignDeadline: new Date(Date.now() + 10 * DAY).toISOString(),
    }),
  );
  return id;
}
