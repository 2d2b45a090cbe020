/**
 * The personal-data scan: known names and phone numbers are planted in the store (world.ts),
 * and every answer is searched for them, knowing who asked. A planted text reaching someone
 * who may not see it is a leak. Openids are personal too: an answer carries no one's but the
 * caller's own.
 */
import type { Role } from '../../typings/api';

export interface Sentinel {
  text: string;
  estateId: string;
  /** The person it belongs to, who may always see it. */
  owner?: string;
  /**
   * Who may see it: its owner only (a member's own name: others see it masked at most, an
   * anonymous donor's name), or every member of the estate (the public ledger: named donors,
   * payees). Nobody outside the estate ever does.
   */
  seenBy: 'owner' | 'members';
  /** For the report. */
  what: string;
}

export interface Leak {
  caller: string;
  text: string;
  what: string;
  where: string;
}

/** @param rolesOf the caller's roles in an estate (undefined: not a member), read from the store. */
export function privacyScanner(
  sentinels: Sentinel[],
  people: string[],
  rolesOf: (openid: string, estateId: string) => readonly Role[] | undefined,
) {
  const allowed = (s: Sentinel, caller: string | undefined): boolean => {
    if (caller === undefined) return false;
    if (s.owner === caller) return true;
    return s.seenBy === 'members' && rolesOf(caller, s.estateId) !== undefined;
  };
  return {
    /** The leaks in one answer (`where` names the call, for the report). */
    scan(caller: string | undefined, answer: unknown, where: string): Leak[] {
      const text = JSON.stringify(answer) ?? '';
      const leaks: Leak[] = [];
      for (const s of sentinels) {
        if (text.includes(s.text) && !allowed(s, caller))
          leaks.push({ caller: caller ?? '(none)', text: s.text, what: s.what, where });
      }
      for (const openid of people) {
        if (openid !== caller && text.includes(JSON.stringify(openid)))
          leaks.push({ caller: caller ?? '(none)', text: openid, what: 'an openid', where });
      }
      return leaks;
    },
  };
}
