// Their `import tcb from '../../src/index'`: the published SDK. SDK 2.x took `throwOnCode` per
// app; SDK 3 has one switch for the whole module (setThrowOnCode), so an app asking for it sets
// it for the rest of that test file (each jest test file loads its own copy of the SDK).
const tcb = require('@cloudbase/node-sdk');

module.exports = {
  ...tcb,
  init(config) {
    if (config && config.throwOnCode === false) tcb.setThrowOnCode(false);
    return tcb.init(config);
  },
};
