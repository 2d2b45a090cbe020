import type { ImportRosterData } from '../../typings/community';
import { ROSTER_FILE_MAX_BYTES } from '../../miniprogram/shared/limits';
import { authorize } from '../access';
import { writeAudit } from '../audit';
import { buildingId, Collections, unitId } from '../collections';
import { AppError, invalid } from '../errors';
import { command } from '../runtime/handler';
import { readAll } from '../runtime/paging';
import { id, object, optional, string, textFile } from '../validate';
import { loadEstate } from './estates';
import type { EstateDoc, UnitDoc } from './model';
import { byLabel, parseRoster, unitLabel, type RosterRow } from './roster';
import type { IndexDecl } from '../indexes';

/** Batch size of inserts: one round trip per this many new units. */
const INSERT_BATCH = 200;

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.units,
    keys: { estateId: 1, _id: 1 },
    why: "importRoster: the estate's units by id",
  },
];

/**
 * Imports the unit roster, from a file (`file`: its bytes, decoded here: UTF-8 or GBK) or from
 * pasted text (`csv`), one of the two; both are held to the same size. Idempotent: a re-import
 * updates areas and owner keys, adds new units, and never deletes (a unit missing from the file
 * may have voters and a ledger; it is only counted in `notInFile`). Any bad row refuses the whole file and writes nothing.
 * Round trips: 2 + ceil(units / 1000) reads, ceil(new / 200) inserts, one update per changed
 * unit, 2 writes.
 */
export const importRoster = command(
  object({
    estateId: id('小区'),
    csv: optional(string('名册', { max: ROSTER_FILE_MAX_BYTES })),
    file: optional(textFile('名册文件', { maxBytes: ROSTER_FILE_MAX_BYTES })),
  }),
  async (ctx, req): Promise<ImportRosterData> => {
    const csv = req.file ?? req.csv;
    if (csv === undefined || (req.file !== undefined && req.csv !== undefined))
      throw invalid('file', '请选择一个名册文件，或粘贴名册内容（二者选一）');
    const { openid } = await authorize(ctx, 'community.importRoster', req.estateId);
    const estate = await loadEstate(ctx, req.estateId);
    const { rows, errors } = parseRoster(csv);
    if (errors.length > 0) {
      const first = errors[0];
      throw new AppError(
        'INVALID_INPUT',
        `名册有 ${errors.length} 处错误，未导入任何房屋。第 ${first.line} 行：${first.message}`,
        req.file !== undefined ? 'file' : 'csv',
        errors.slice(0, 200),
      );
    }

    const units = ctx.db.collection(Collections.units);
    const existing = new Map(
      (await readAll<UnitDoc>(units.where({ estateId: req.estateId }).orderBy('_id', 'asc'))).map(
        (u) => [u._id, u],
      ),
    );
    const incoming = rows.map((row) => toUnit(req.estateId, row));
    const added = incoming.filter((u) => !existing.has(u._id));
    const changed = incoming.filter((u) => {
      const old = existing.get(u._id);
      return old !== undefined && (old.areaCenti !== u.areaCenti || old.ownerKey !== u.ownerKey);
    });

    for (let i = 0; i < added.length; i += INSERT_BATCH) {
      await units.add(added.slice(i, i + INSERT_BATCH));
    }
    for (const u of changed) {
      await units.doc(u._id).update({ areaCenti: u.areaCenti, ownerKey: u.ownerKey });
    }

    const inFile = new Set(incoming.map((u) => u._id));
    const buildings = mergeBuildings(estate, incoming);
    const unitCount = existing.size + added.length;
    await ctx.db.collection(Collections.estates).doc(req.estateId).update({ buildings, unitCount });
    await writeAudit(ctx.db, ctx, {
      estateId: req.estateId,
      actor: openid,
      action: 'community.importRoster',
      target: req.estateId,
      summary: `导入房屋名册：新增 ${added.length} 户，更新 ${changed.length} 户`,
    });
    return {
      added: added.length,
      updated: changed.length,
      unchanged: incoming.length - added.length - changed.length,
      notInFile: [...existing.keys()].filter((k) => !inFile.has(k)).length,
      buildings: buildings.length,
      units: unitCount,
    };
  },
);

export function toUnit(estateId: string, row: RosterRow): UnitDoc {
  return {
    _id: unitId(estateId, row.building, row.room),
    estateId,
    buildingId: buildingId(row.building),
    building: row.building,
    room: row.room,
    label: unitLabel(row.building, row.room),
    areaCenti: row.areaCenti,
    ownerKey: row.ownerKey,
    memberCount: 0,
  };
}

function mergeBuildings(estate: EstateDoc, units: UnitDoc[]): EstateDoc['buildings'] {
  const byId = new Map(estate.buildings.map((b) => [b.id, b]));
  for (const u of units)
    if (!byId.has(u.buildingId)) byId.set(u.buildingId, { id: u.buildingId, name: u.building });
  return [...byId.values()].sort((a, b) => byLabel(a.name, b.name));
}
