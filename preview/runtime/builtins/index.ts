import { defineBasicBuiltins } from './basic';
import { defineFormBuiltins } from './form';
import { defineScrollBuiltins } from './scroll';

/** Registers every built-in component; must run before any page is created. */
export function defineBuiltins(): void {
  defineBasicBuiltins();
  defineFormBuiltins();
  defineScrollBuiltins();
}
