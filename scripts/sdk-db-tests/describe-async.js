// Jest 23 (theirs) ignored a Promise returned by a describe body; jest 29 refuses the whole file.
// Their async bodies declare every test before their first await, so ignoring it is faithful.
const wrap =
  (describe) =>
  (name, body, ...rest) =>
    describe(
      name,
      function () {
        body.call(this);
      },
      ...rest,
    );

const original = globalThis.describe;
globalThis.describe = Object.assign(wrap(original), original, { only: wrap(original.only) });
