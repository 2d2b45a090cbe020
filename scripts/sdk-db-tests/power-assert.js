// power-assert is node's assert with richer failure messages. Two things keep their tests as
// they ran: `import * as assert` must stay callable (hence __esModule), and the node 10 assert
// they ran on let comparisons omit arguments (`assert.strictEqual(x)` compared x with undefined).
const assert = require('node:assert');

const powerAssert = (...args) => assert(...args);
Object.assign(powerAssert, assert, { __esModule: true });
for (const name of [
  'equal',
  'notEqual',
  'strictEqual',
  'notStrictEqual',
  'deepEqual',
  'notDeepEqual',
  'deepStrictEqual',
  'notDeepStrictEqual',
]) {
  powerAssert[name] = (actual, expected, message) => assert[name](actual, expected, message);
}

module.exports = powerAssert;
