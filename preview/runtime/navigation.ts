/**
 * The page stack's API, reached through an accessor so that built-ins (navigator, share
 * buttons) and the wx shim do not depend on the router's module at load time.
 */
import type { Router } from './router';

let current: Router | null = null;

export function setNavigation(router: Router): void {
  current = router;
}

export function navigation(): Router {
  if (!current) throw new Error('the preview router is not started');
  return current;
}

/** The router, or null while the bundle is still registering units (tdesign reads sizes then). */
export function navigationIfStarted(): Router | null {
  return current;
}
