import path from 'node:path';

/** Repository root (this file lives in tests/pages/harness/). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** The mini-program root (project.config.json `miniprogramRoot`): rootPath for simulate. */
export const MINIPROGRAM_ROOT = path.join(REPO_ROOT, 'miniprogram');
