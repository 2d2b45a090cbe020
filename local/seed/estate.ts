import type { Role } from '../../typings/api';
import { Collections, memberId } from '../../core/collections';
import { newMembership } from '../../core/community/codes';
import { toUnit } from '../../core/community/import-roster';
import type { EstateDoc, MemberDoc, UnitDoc } from '../../core/community/model';
import { DEFAULT_SETTINGS } from '../../core/community/model';
import type { RosterRow } from '../../core/community/roster';
import { toCsv } from '../../core/csv';
import { formatHundredths } from '../../core/money';
import type { Database } from '../../core/runtime/handler';
import type { Stack } from '../stack';
import { actAs } from './invoke';

/**
 * Estates with realistic units and members. Two ways to make one, producing the same
 * documents (a test holds them to it):
 * - `seedEstateThroughFunctions`: the real path — staff create the estate, import the roster
 *   CSV, issue binding codes, residents bind, roles are granted. The demo estate uses it.
 * - `seedEstate`: writes those documents directly, for test fixtures and benchmarks that need
 *   thousands of households in a second.
 */
export interface EstateSpec {
  /** A slug: the estate id for fixtures, and the prefix of the demo openids. */
  id: string;
  name: string;
  district: string;
  buildings: number;
  /** 单元 per building. */
  entrances: number;
  floors: number;
  roomsPerFloor: number;
  /** Share of households with a bound member, in percent (integer). */
  boundPercent: number;
  /** Stop after this many units (the last building is then partly filled). */
  maxUnits?: number;
}

export interface DemoUnit {
  unitId: string;
  label: string;
  areaCenti: number;
  /** The openid of its bound member; absent for households that have not joined yet. */
  openid?: string;
  /** For households not yet joined: their binding code, as printed for the building lead. */
  code?: string;
}

export interface DemoEstate {
  estateId: string;
  name: string;
  /** openids by role, first is the one to try. */
  staff: string[];
  committee: string[];
  leads: string[];
  residents: string[];
  units: DemoUnit[];
}

// Typical floor plans of a 2008-era Guangdong estate, in 0.01 m².
const PLANS = [8935, 10562, 12840, 9418, 14377];
const COMMITTEE = 3;

export function rosterRows(spec: EstateSpec): RosterRow[] {
  const rows: RosterRow[] = [];
  for (let b = 1; b <= spec.buildings; b++) {
    for (let e = 1; e <= spec.entrances; e++) {
      for (let f = 1; f <= spec.floors; f++) {
        for (let r = 1; r <= spec.roomsPerFloor; r++) {
          if (rows.length === spec.maxUnits) return rows;
          const n = rows.length;
          const building = `${b}栋`;
          const room = `${e}单元${f}${String(r).padStart(2, '0')}`;
          rows.push({
            line: n + 2,
            building,
            room,
            areaCenti: PLANS[(b + r) % PLANS.length] + ((n * 37) % 200),
            // Every 25th household's owner also owns the one before (one head, two units).
            ownerKey: n % 25 === 1 ? `owner:${spec.id}-${n - 1}` : `owner:${spec.id}-${n}`,
          });
        }
      }
    }
  }
  return rows;
}

/** The roster as the committee's spreadsheet exports it. */
export function rosterCsv(spec: EstateSpec): string {
  return toCsv(
    ['楼栋', '房号', '面积', '业主编号'],
    rosterRows(spec).map((r) => [
      r.building,
      r.room,
      formatHundredths(r.areaCenti),
      r.ownerKey.slice('owner:'.length),
    ]),
  );
}

/** Which households have joined, and who holds which role: spread evenly, so every building has some. */
function plan(spec: EstateSpec, units: UnitDoc[]) {
  const p = spec.boundPercent;
  const bound = units.filter((_, n) => Math.floor(((n + 1) * p) / 100) > Math.floor((n * p) / 100));
  // 1栋1单元302 → demo-tangguo-1-1-302: readable, stable across reseeds.
  const openidOf = (u: UnitDoc) => `demo-${spec.id}-${(u.label.match(/\d+/g) ?? []).join('-')}`;
  const roles = new Map<UnitDoc, Role[]>(
    bound.map((u, i) => [u, i < COMMITTEE ? ['resident', 'committee'] : ['resident']]),
  );
  // Each building's lead (楼长) lives in it: its first bound household not on the committee.
  for (const building of new Set(units.map((u) => u.buildingId))) {
    const lead = bound.find((u, i) => i >= COMMITTEE && u.buildingId === building);
    if (lead) roles.set(lead, ['resident', 'lead']);
  }
  return { bound, roles, openidOf, staff: `demo-${spec.id}-staff` };
}

function describe(
  spec: EstateSpec,
  estateId: string,
  units: UnitDoc[],
  p: ReturnType<typeof plan>,
  codes = new Map<string, string>(),
): DemoEstate {
  const withRole = (role: Role) =>
    p.bound.filter((u) => p.roles.get(u)?.includes(role)).map(p.openidOf);
  const boundSet = new Set(p.bound);
  return {
    estateId,
    name: spec.name,
    staff: [p.staff],
    committee: withRole('committee'),
    leads: withRole('lead'),
    residents: p.bound.filter((u) => p.roles.get(u)?.length === 1).map(p.openidOf),
    units: units.map((u) => ({
      unitId: u._id,
      label: u.label,
      areaCenti: u.areaCenti,
      ...(boundSet.has(u) ? { openid: p.openidOf(u) } : {}),
      ...(codes.has(u._id) ? { code: codes.get(u._id) } : {}),
    })),
  };
}

/** In the cloud the first staff member is added in the console; here the seed does it. */
async function registerStaff(db: Database, openid: string, now: Date): Promise<void> {
  await db.collection(Collections.staff).doc(openid).set({ name: '社区工作人员', createdAt: now });
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inBatches<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** The real path, through the functions, as a community office would set an estate up. */
export async function seedEstateThroughFunctions(
  stack: Stack,
  spec: EstateSpec,
): Promise<DemoEstate> {
  const p0 = plan(spec, []);
  await registerStaff(stack.db, p0.staff, new Date());
  const staff = actAs(stack.runner, p0.staff);
  const { estateId } = await staff('community', 'createEstate', {
    name: spec.name,
    district: spec.district,
  });
  await staff('community', 'importRoster', { estateId, csv: rosterCsv(spec) });
  const issued = await staff('community', 'issueBindingCodes', { estateId });
  const codes = new Map(
    issued.buildings.flatMap((b) => b.codes.map((c) => [c.unitId, c.code] as const)),
  );

  const units = rosterRows(spec).map((row) => toUnit(estateId, row));
  const p = plan(spec, units);
  await inBatches(p.bound, 8, (u) =>
    actAs(stack.runner, p.openidOf(u))('community', 'bind', { code: codes.get(u._id)! }),
  );
  const committee = p.bound.filter((u) => p.roles.get(u)?.includes('committee'));
  for (const u of committee) {
    await staff('community', 'setRole', {
      estateId,
      memberId: memberId(estateId, p.openidOf(u)),
      role: 'committee',
      grant: true,
    });
  }
  const chair = actAs(stack.runner, p.openidOf(committee[0]));
  for (const u of p.bound.filter((x) => p.roles.get(x)?.includes('lead'))) {
    await chair('community', 'setRole', {
      estateId,
      memberId: memberId(estateId, p.openidOf(u)),
      role: 'lead',
      grant: true,
    });
  }
  for (const u of p.bound) codes.delete(u._id);
  return describe(spec, estateId, units, p, codes);
}

/** The same documents written directly (fixtures, benchmarks). The estate id is `spec.id`. */
export async function seedEstate(
  db: Database,
  spec: EstateSpec,
  now = new Date(),
): Promise<DemoEstate> {
  const estateId = spec.id;
  const units = rosterRows(spec).map((row) => toUnit(estateId, row));
  const p = plan(spec, units);
  const boundSet = new Set(p.bound);
  for (const u of units) u.memberCount = boundSet.has(u) ? 1 : 0;
  const members: MemberDoc[] = p.bound.map((u, i) => ({
    _id: memberId(estateId, p.openidOf(u)),
    ...newMembership(
      estateId,
      p.openidOf(u),
      u,
      new Date(now.getTime() - (p.bound.length - i) * 60_000),
    ),
    roles: p.roles.get(u) ?? ['resident'],
  }));
  members.push({
    _id: memberId(estateId, p.staff),
    estateId,
    openid: p.staff,
    unitIds: [],
    unitLabels: [],
    roles: ['staff'],
    displayName: '社区工作人员',
    joinedAt: now,
  });
  const buildings = [
    ...new Map(units.map((u) => [u.buildingId, { id: u.buildingId, name: u.building }])).values(),
  ];
  const estate: Omit<EstateDoc, '_id'> = {
    name: spec.name,
    district: spec.district,
    buildings,
    unitCount: units.length,
    settings: DEFAULT_SETTINGS,
    createdBy: p.staff,
    createdAt: now,
  };
  await registerStaff(db, p.staff, now);
  await db.collection(Collections.estates).doc(estateId).set(estate);
  for (let i = 0; i < units.length; i += 500)
    await db.collection(Collections.units).add(units.slice(i, i + 500));
  for (let i = 0; i < members.length; i += 500)
    await db.collection(Collections.members).add(members.slice(i, i + 500));
  return describe(spec, estateId, units, p);
}

/** A generated estate of exactly `units` households, all joined, for tests and benchmarks. */
export function sizedEstate(id: string, units: number): EstateSpec {
  const perBuilding = 2 * 18 * 2;
  return {
    id,
    name: `测试小区 ${id}`,
    district: '本地测试',
    buildings: Math.max(1, Math.ceil(units / perBuilding)),
    entrances: 2,
    floors: 18,
    roomsPerFloor: 2,
    boundPercent: 100,
    maxUnits: units,
  };
}

/** 时代糖果悦园, 里水镇海南洲社区 (source: shared/context/000): the demo estate. */
export const DEMO_ESTATE: EstateSpec = {
  id: 'tangguo',
  name: '糖果悦园',
  district: '佛山市南海区里水镇 海南洲社区',
  buildings: 4,
  entrances: 2,
  floors: 5,
  roomsPerFloor: 3,
  boundPercent: 70,
};
