/**
 * The settings a deployment needs that no script can provide: function environment variables
 * that cloudbaserc.json fills from the deployer's environment ("{{env.X}}"). Read from the
 * file, so a variable added there is checked without touching this code.
 */
import { SETTINGS as KNOWN, type SettingName } from '../../core/ports/settings';
import { ENV_TEMPLATE, readDeployConfig } from '../deploy-config';

export interface RequiredSetting {
  /** The cloud function. */
  fn: string;
  /** The variable the function reads (an `envVariables` key). */
  variable: string;
  /** Where the deploy takes it from: `{{env.<source>}}` (.env, .env.local or .env.<mode>). */
  source: string;
}

export function requiredSettings(rc: unknown): RequiredSetting[] {
  const functions = (rc as { functions?: unknown[] }).functions ?? [];
  return functions.flatMap((f) => {
    const { name, envVariables } = f as { name: string; envVariables?: Record<string, unknown> };
    return Object.entries(envVariables ?? {}).flatMap(([variable, value]) => {
      const m = typeof value === 'string' ? ENV_TEMPLATE.exec(value) : null;
      return m ? [{ fn: name, variable, source: m[1] }] : [];
    });
  });
}

/** cloudbaserc.json of the project at `root`. */
export const readCloudbaserc = (root: string): unknown => readDeployConfig(root);

/**
 * What a variable is and where it comes from, from the settings the functions read
 * (core/ports/settings.ts); a variable it does not know gets the generic line.
 */
function meaning(s: RequiredSetting): string {
  const known = KNOWN[s.variable as SettingName] as (typeof KNOWN)[SettingName] | undefined;
  return known
    ? `${known.what}，未设置时${known.feature}不可用；${known.where}`
    : `cloudbaserc.json 声明的部署设置（{{env.${s.source}}}）`;
}

/** The Chinese line --check prints for a setting the deployed function lacks. */
export function settingLine(s: RequiredSetting): string {
  const what = meaning(s);
  return (
    `云函数 ${s.fn} 未设置环境变量 ${s.variable}：${what}。` +
    `部署者请在项目根目录的 .env.local（不要提交）中写入 ${s.source}=<值>，再执行 tcb fn deploy ${s.fn}；` +
    `或在云开发控制台 → 云函数 → ${s.fn} → 函数配置 → 环境变量中填写 ${s.variable}。`
  );
}

/** A value that is absent, empty, or a template the deploy left unresolved is not set. */
export function isSet(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '' && !value.includes('{{');
}
