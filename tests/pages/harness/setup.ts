/**
 * Runs before each page test file (jest setupFiles): loads miniprogram-simulate, which defines
 * Component/Behavior and its stub `wx`, then adds what pages need beyond it.
 */
import { installAppGlobals } from './app';
import { createCloud, setIdentity } from './cloud';
import { installComponentResolver } from './simulate-hooks';
import { installWxApi } from './wx-api';
import { wxObject } from './wx-global';

// Not `import`: see index.ts (its typings must stay out of the tests' program).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('miniprogram-simulate');
installComponentResolver();
installAppGlobals();
installWxApi();
wxObject().cloud = createCloud();
setIdentity();
