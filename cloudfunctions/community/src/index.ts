import { home } from '../../../core/community/home';
import { createHandler } from '../../../core/runtime/handler';

/** 小区: estates, households, members and roles. */
export const main = createHandler({ home });
