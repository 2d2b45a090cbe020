/**
 * Requests the app has in flight, so tests and the gallery can wait until a page has its data
 * ("settled") instead of sleeping.
 */
let inflight = 0;

export function track<T>(promise: Promise<T>): Promise<T> {
  inflight++;
  const done = () => {
    inflight--;
  };
  promise.then(done, done);
  return promise;
}

export function pending(): number {
  return inflight;
}
