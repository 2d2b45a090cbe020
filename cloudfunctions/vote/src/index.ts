import { createHandler } from '../../../core/runtime/handler';
import { cast, myBallot, recordPaper } from '../../../core/vote/cast';
import { close, open, recount, results, verifyReceipt } from '../../../core/vote/read';
import { roll } from '../../../core/vote/roll';

/** 表决: one ballot per household, majority quorum or Civil Code Art. 278 mode, verifiable results. */
export const main = createHandler({
  open,
  cast,
  recordPaper,
  results,
  myBallot,
  verifyReceipt,
  roll,
  close,
  recount,
});
