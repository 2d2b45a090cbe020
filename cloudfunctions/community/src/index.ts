import { bind, issueBindingCodes } from '../../../core/community/codes';
import { createEstate } from '../../../core/community/estates';
import { home } from '../../../core/community/home';
import { importRoster } from '../../../core/community/import-roster';
import { leave, listMembers, me, setRole } from '../../../core/community/members';
import { createHandler } from '../../../core/runtime/handler';

/** 小区: estates, households, members and roles. */
export const main = createHandler({
  home,
  me,
  createEstate,
  importRoster,
  issueBindingCodes,
  bind,
  setRole,
  listMembers,
  leave,
});
