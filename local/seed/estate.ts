import type { Role } from '../../typings/api';
import { Collections, memberId } from '../../core/collections';
import type { EstateDoc, MemberDoc, UnitDoc } from '../../core/community/model';
import type { Database } from '../../core/runtime/handler';

/**
 * Generates an estate with realistic units and members, written through the node-sdk so it
 * works against any CloudBase (the local one in practice). Deterministic for a given spec, so
 * demo identities are stable across `npm start -- --reset`.
 */
export interface EstateSpec {
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

export function unitsOf(spec: EstateSpec): UnitDoc[] {
  const units: UnitDoc[] = [];
  for (let b = 1; b <= spec.buildings; b++) {
    for (let e = 1; e <= spec.entrances; e++) {
      for (let f = 1; f <= spec.floors; f++) {
        for (let r = 1; r <= spec.roomsPerFloor; r++) {
          if (units.length === spec.maxUnits) return units;
          const room = `${f}${String(r).padStart(2, '0')}`;
          const n = units.length;
          units.push({
            _id: `${spec.id}_b${b}e${e}r${room}`,
            estateId: spec.id,
            buildingId: `b${b}`,
            label: `${b}栋${e}单元${room}`,
            areaCenti: PLANS[(b + r) % PLANS.length] + ((n * 37) % 200),
            // Every 25th household's owner also owns the next one (one head, two units).
            ownerKey: `owner-${n % 25 === 1 ? n - 1 : n}`,
          });
        }
      }
    }
  }
  return units;
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

export async function seedEstate(
  db: Database,
  spec: EstateSpec,
  now = new Date(),
): Promise<DemoEstate> {
  const units = unitsOf(spec);
  // Spread the bound households evenly over the estate, so every building has some.
  const p = spec.boundPercent;
  const bound = units.filter((_, n) => Math.floor(((n + 1) * p) / 100) > Math.floor((n * p) / 100));
  const boundCount = bound.length;
  // Three committee members; then each building's lead (楼长) lives in that building: the first
  // bound household of each building that is not already on the committee.
  const COMMITTEE = 3;
  const leadIndexes = new Set<number>();
  for (let b = 1; b <= spec.buildings; b++) {
    const i = bound.findIndex((u, idx) => idx >= COMMITTEE && u.buildingId === `b${b}`);
    if (i >= 0) leadIndexes.add(i);
  }
  const roleOf = (i: number): Role[] => {
    if (i < COMMITTEE) return ['resident', 'committee'];
    if (leadIndexes.has(i)) return ['resident', 'lead'];
    return ['resident'];
  };
  const members: MemberDoc[] = bound.map((u, i) => {
    const openid = `demo-${spec.id}-${u._id.slice(spec.id.length + 1)}`;
    return {
      _id: memberId(spec.id, openid),
      estateId: spec.id,
      openid,
      unitIds: [u._id],
      unitLabels: [u.label],
      roles: roleOf(i),
      displayName: `${u.label}住户`,
      joinedAt: new Date(now.getTime() - (boundCount - i) * 60_000),
    };
  });
  const staffOpenid = `demo-${spec.id}-staff`;
  members.push({
    _id: memberId(spec.id, staffOpenid),
    estateId: spec.id,
    openid: staffOpenid,
    unitIds: [],
    unitLabels: [],
    roles: ['staff'],
    displayName: '社区工作人员',
    joinedAt: now,
  });

  const estate: Omit<EstateDoc, '_id'> = {
    name: spec.name,
    district: spec.district,
    buildings: [...new Set(units.map((u) => u.buildingId))].map((id) => ({
      id,
      name: `${id.slice(1)}栋`,
    })),
    unitCount: units.length,
    boundUnitCount: boundCount,
    createdAt: now,
  };
  await db.collection(Collections.estates).doc(spec.id).set(estate);
  await inBatches(units, 16, ({ _id, ...doc }) =>
    db.collection(Collections.units).doc(_id).set(doc),
  );
  await inBatches(members, 16, ({ _id, ...doc }) =>
    db.collection(Collections.members).doc(_id).set(doc),
  );

  const withRole = (role: Role) =>
    members.filter((m) => m.roles.includes(role)).map((m) => m.openid);
  const openidOfUnit = new Map(
    members.flatMap((m) => m.unitIds.map((id) => [id, m.openid] as const)),
  );
  return {
    estateId: spec.id,
    name: spec.name,
    staff: withRole('staff'),
    committee: withRole('committee'),
    leads: withRole('lead'),
    residents: members
      .filter((m) => m.roles.length === 1 && m.roles[0] === 'resident')
      .map((m) => m.openid),
    units: units.map((u) => ({
      unitId: u._id,
      label: u.label,
      areaCenti: u.areaCenti,
      openid: openidOfUnit.get(u._id),
    })),
  };
}

/** A generated estate of exactly `units` households, for tests and benchmarks. */
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
  id: 'tangguo-yueyuan',
  name: '糖果悦园',
  district: '佛山市南海区里水镇 海南洲社区',
  buildings: 4,
  entrances: 2,
  floors: 5,
  roomsPerFloor: 3,
  boundPercent: 70,
};
