import type { RollEntry } from '../../typings/vote';
import { authorize } from '../access';
import { Collections } from '../collections';
import { byLabel } from '../community/roster';
import { AppError } from '../errors';
import { areaText } from '../format';
import { command } from '../runtime/handler';
import { readAll } from '../runtime/paging';
import { id, object } from '../validate';
import { loadVote } from './lifecycle';
import type { BallotDoc, SlotDoc } from './model';
import type { IndexDecl } from '../indexes';

/** What the queries below need (gathered by core/provision/plan.ts). */
export const INDEXES: IndexDecl[] = [
  {
    collection: Collections.voteSlots,
    keys: { voteId: 1, 'units.buildingId': 1, _id: 1 },
    why: "roll: a building's slots by id",
  },
  {
    collection: Collections.ballots,
    keys: { voteId: 1, 'units.buildingId': 1, _id: 1 },
    why: "roll: a building's ballots by id",
  },
];

/**
 * The committee's roll of one building, for recording paper ballots: the households of the
 * frozen electorate with a unit there, by room, and whether each has voted — never how (the
 * ballots are read without their option). A multi-unit owner in Civil Code mode is one entry
 * with all their rooms, listed in every building they own in.
 *
 * Round trips: vote, membership, then the building's slots and its ballots side by side — four
 * for a building of fewer than 1,000 households, whatever the size of the estate.
 */
export const roll = command(
  object({ voteId: id('表决'), buildingId: id('楼栋') }),
  async (ctx, req) => {
    const vote = await loadVote(ctx, req.voteId);
    await authorize(ctx, 'vote.roll', vote.estateId);
    const building = vote.buildings.find((b) => b.buildingId === req.buildingId);
    if (!building) throw new AppError('NOT_FOUND', '这栋楼不在这次表决的范围内');
    const inBuilding = { voteId: vote._id, 'units.buildingId': req.buildingId };
    const [slots, ballots] = await Promise.all([
      readAll<SlotDoc>(
        ctx.db.collection(Collections.voteSlots).where(inBuilding).orderBy('_id', 'asc'),
      ),
      readAll<Pick<BallotDoc, 'slotKey'>>(
        ctx.db
          .collection(Collections.ballots)
          .where(inBuilding)
          .orderBy('_id', 'asc')
          .field({ slotKey: true }),
      ),
    ]);
    const voted = new Set(ballots.map((b) => b.slotKey));
    // Listed by the first room the household has in this building.
    const here = (s: SlotDoc) => s.units.find((u) => u.buildingId === req.buildingId)!;
    const households: RollEntry[] = slots
      .sort((a, b) => byLabel(here(a).label, here(b).label))
      .map((s) => ({
        unitId: here(s).unitId,
        units: s.units.map((u) => u.label),
        areaText: areaText(s.areaCenti),
        voted: voted.has(s.slotKey),
      }));
    return {
      buildingId: building.buildingId,
      name: building.name,
      households,
      voted: households.filter((h) => h.voted).length,
    };
  },
);
