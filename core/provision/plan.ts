/**
 * What a CloudBase environment must hold for the functions to run: every collection with its
 * security rule, the indexes the queries need, and the storage rule. One plan for the cloud
 * (`npm run provision`, scripts/provision/) and for the local CloudBase (local/stack.ts).
 *
 * Indexes are declared next to the queries that need them (`INDEXES` in each module); this
 * file gathers them, so it imports the modules and none of them imports it.
 */
import securityRules from '../../database/security-rules.json';
import storageRules from '../../database/storage-rules.json';
import { INDEXES as access } from '../access';
import { Collections, type CollectionName } from '../collections';
import { INDEXES as communityCodes } from '../community/codes';
import { INDEXES as communityEstates } from '../community/estates';
import { INDEXES as communityHome } from '../community/home';
import { INDEXES as communityImportRoster } from '../community/import-roster';
import { INDEXES as communityMembers } from '../community/members';
import { INDEXES as fundCampaigns } from '../fund/campaigns';
import { INDEXES as fundCredits } from '../fund/credits';
import { INDEXES as fundDonations } from '../fund/donations';
import { INDEXES as fundExpenses } from '../fund/expenses';
import { INDEXES as fundFunds } from '../fund/funds';
import { INDEXES as fundJobs } from '../fund/jobs';
import { INDEXES as fundLedgerActions } from '../fund/ledger-actions';
import { INDEXES as fundOffline } from '../fund/offline';
import type { IndexDecl } from '../indexes';
import { INDEXES as notifyOutbox } from '../notify/outbox';
import { INDEXES as notifySend } from '../notify/send';
import { INDEXES as proposalDrafts } from '../proposal/drafts';
import { INDEXES as proposalJobs } from '../proposal/jobs';
import { INDEXES as proposalRead } from '../proposal/read';
import { INDEXES as proposalSituation } from '../proposal/situation';
import { INDEXES as volunteerAttendance } from '../volunteer/attendance';
import { INDEXES as volunteerHours } from '../volunteer/hours';
import { INDEXES as volunteerJobs } from '../volunteer/jobs';
import { INDEXES as volunteerRead } from '../volunteer/read';
import { INDEXES as volunteerTeams } from '../volunteer/teams';
import { INDEXES as voteCast } from '../vote/cast';
import { INDEXES as voteJobs } from '../vote/jobs';
import { INDEXES as voteLifecycle } from '../vote/lifecycle';
import { INDEXES as voteRead } from '../vote/read';
import { INDEXES as voteRoll } from '../vote/roll';

/** Each module's declarations under its path (a test checks the path exports exactly these). */
export const DECLARED: Record<string, readonly IndexDecl[]> = {
  'core/access.ts': access,
  'core/community/codes.ts': communityCodes,
  'core/community/estates.ts': communityEstates,
  'core/community/home.ts': communityHome,
  'core/community/import-roster.ts': communityImportRoster,
  'core/community/members.ts': communityMembers,
  'core/fund/campaigns.ts': fundCampaigns,
  'core/fund/credits.ts': fundCredits,
  'core/fund/donations.ts': fundDonations,
  'core/fund/expenses.ts': fundExpenses,
  'core/fund/funds.ts': fundFunds,
  'core/fund/jobs.ts': fundJobs,
  'core/fund/ledger-actions.ts': fundLedgerActions,
  'core/fund/offline.ts': fundOffline,
  'core/notify/outbox.ts': notifyOutbox,
  'core/notify/send.ts': notifySend,
  'core/proposal/drafts.ts': proposalDrafts,
  'core/proposal/jobs.ts': proposalJobs,
  'core/proposal/read.ts': proposalRead,
  'core/proposal/situation.ts': proposalSituation,
  'core/volunteer/attendance.ts': volunteerAttendance,
  'core/volunteer/hours.ts': volunteerHours,
  'core/volunteer/jobs.ts': volunteerJobs,
  'core/volunteer/read.ts': volunteerRead,
  'core/volunteer/teams.ts': volunteerTeams,
  'core/vote/cast.ts': voteCast,
  'core/vote/jobs.ts': voteJobs,
  'core/vote/lifecycle.ts': voteLifecycle,
  'core/vote/read.ts': voteRead,
  'core/vote/roll.ts': voteRoll,
};

/** A CloudBase security rule: per operation, a boolean or an expression. */
export type SecurityRule = Record<string, boolean | string>;

/** The bucket's rule: who may read (download) and write (upload, overwrite, delete) a file. */
export interface StorageRule {
  read: boolean | string;
  write: boolean | string;
}

export interface PlannedIndex {
  collection: CollectionName;
  /** Derived from the keys, letters, digits and underscores only. */
  name: string;
  keys: Record<string, 1 | -1>;
  unique: boolean;
  /** Every module that declared it, and why each needs it. */
  declaredBy: Array<{ file: string; why: string }>;
}

export interface Plan {
  collections: Array<{ name: CollectionName; rule: SecurityRule }>;
  indexes: PlannedIndex[];
  storageRule: StorageRule;
}

/** `estateId_asc_createdAt_desc`; a dotted path's dots become underscores. */
export function indexName(keys: Record<string, 1 | -1>, unique: boolean): string {
  const parts = Object.entries(keys).map(
    ([field, dir]) => `${field.replace(/\./g, '_')}_${dir === 1 ? 'asc' : 'desc'}`,
  );
  return [...parts, ...(unique ? ['unique'] : [])].join('_');
}

/** Without the file's "//" explanation. */
function rulesOf(file: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(file).filter(([key]) => key !== '//'));
}

/** The same keys declared twice are one index; declared unique by one and not the other is a bug. */
export function gatherIndexes(declared: Record<string, readonly IndexDecl[]>): PlannedIndex[] {
  const byKey = new Map<string, PlannedIndex>();
  for (const [file, decls] of Object.entries(declared)) {
    for (const d of decls) {
      const key = `${d.collection} ${JSON.stringify(Object.entries(d.keys))}`;
      const unique = d.unique === true;
      const known = byKey.get(key);
      if (known && known.unique !== unique)
        throw new Error(
          `${d.collection} ${JSON.stringify(d.keys)}: unique in one declaration only`,
        );
      if (known) known.declaredBy.push({ file, why: d.why });
      else
        byKey.set(key, {
          collection: d.collection,
          name: indexName(d.keys, unique),
          keys: d.keys,
          unique,
          declaredBy: [{ file, why: d.why }],
        });
    }
  }
  return [...byKey.values()];
}

export function buildPlan(): Plan {
  const rules = rulesOf(securityRules) as Record<string, SecurityRule>;
  const collections = Object.values(Collections).map((name) => {
    // A collection without a rule of its own would get the console's default: refuse instead.
    if (!rules[name]) throw new Error(`database/security-rules.json has no rule for ${name}`);
    return { name, rule: rules[name] };
  });
  const order = (name: string) => collections.findIndex((c) => c.name === name);
  const indexes = gatherIndexes(DECLARED).sort(
    (a, b) => order(a.collection) - order(b.collection) || (a.name < b.name ? -1 : 1),
  );
  return {
    collections,
    indexes,
    storageRule: rulesOf(storageRules) as unknown as StorageRule,
  };
}

export const PLAN: Plan = buildPlan();
