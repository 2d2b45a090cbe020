import {
  addHearing,
  addMilestone,
  admit,
  reject,
  schedule,
} from '../../../core/proposal/committee';
import { cosign, withdrawCosign } from '../../../core/proposal/cosign';
import { create, publish, update, withdraw } from '../../../core/proposal/drafts';
import { get, list, meta, photos } from '../../../core/proposal/read';
import { choosePorts } from '../../../core/ports';
import { cloudStorage } from '../../../core/ports/wechat/storage';
import { createHandler } from '../../../core/runtime/handler';

/** 议题: proposals, co-signing (联署) and committee admission (议题准入). */
export const main = createHandler(
  {
    meta,
    create,
    update,
    publish,
    cosign,
    withdrawCosign,
    withdraw,
    get,
    photos,
    list,
    admit,
    reject,
    addHearing,
    schedule,
    addMilestone,
  },
  choosePorts(process.env, { storage: cloudStorage }),
);
