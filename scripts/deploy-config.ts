import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The deployment truth: cloudbaserc.json (what `tcb fn deploy` reads: runtime, timeout, env
 * variables, triggers) and each function's config.json (what WeChat DevTools uploads: triggers
 * and openapi permissions). The build, the local CloudBase (timeouts, env variables, timers) and
 * the tests all read them here, so what runs locally is what is deployed.
 */
const ROOT = resolve(__dirname, '..');

export interface TimerTrigger {
  name: string;
  type: 'timer';
  /** Seven-field cron: second minute hour day month weekday year. */
  config: string;
}

export interface FunctionDeploy {
  name: string;
  runtime: string;
  handler: string;
  /** Seconds, 1–60 (CloudBase's range for event functions). */
  timeout: number;
  memorySize?: number;
  installDependency: boolean;
  /** Values may be `{{env.X}}`, filled from the deployer's shell by the CLI. */
  envVariables?: Record<string, string>;
  triggers?: TimerTrigger[];
  ignore?: string[];
}

export interface DeployConfig {
  version: string;
  envId: string;
  functionRoot: string;
  functions: FunctionDeploy[];
}

/** A function's config.json: read by DevTools' upload, not by the CLI. */
export interface DevToolsConfig {
  permissions?: { openapi?: string[] };
  timeout?: number;
  triggers?: TimerTrigger[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

export function readDeployConfig(root = ROOT): DeployConfig {
  return readJson<DeployConfig>(join(root, 'cloudbaserc.json'));
}

export function readDevToolsConfig(name: string, root = ROOT): DevToolsConfig {
  return readJson<DevToolsConfig>(join(root, 'cloudfunctions', name, 'config.json'));
}

export function functionDeploy(name: string, config = readDeployConfig()): FunctionDeploy {
  const found = config.functions.find((f) => f.name === name);
  if (!found) throw new Error(`cloudbaserc.json has no function "${name}"`);
  return found;
}

/** `{{env.X}}` (spaces inside the braces allowed): the CLI fills it from the deployer's shell. */
export const ENV_TEMPLATE = /^\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/** The deployer's settings a function needs: the X of every `{{env.X}}` in its envVariables. */
export function settingNames(fn: FunctionDeploy): string[] {
  return Object.values(fn.envVariables ?? {})
    .map((v) => ENV_TEMPLATE.exec(v)?.[1])
    .filter((x): x is string => x !== undefined);
}

/**
 * A function's environment variables as the CLI would deploy them: `{{env.X}}` filled from
 * `values` (an unset X becomes empty, which the function treats as "not set up").
 */
export function resolveEnvVariables(
  fn: FunctionDeploy,
  values: Record<string, string | undefined>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fn.envVariables ?? {}).map(([key, value]) => {
      const setting = ENV_TEMPLATE.exec(value)?.[1];
      return [key, setting === undefined ? value : (values[setting] ?? '')];
    }),
  );
}
