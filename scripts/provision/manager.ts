/**
 * The part of @cloudbase/manager-node that provisioning uses, typed from the library itself so
 * that the unit tests' fake (tests/unit/provision.test.ts) has to match the real signatures.
 */
import CloudBase from '@cloudbase/manager-node';

export interface Manager {
  database: Pick<
    CloudBase['database'],
    'listCollections' | 'createCollectionIfNotExists' | 'describeCollection' | 'updateCollection'
  >;
  storage: Pick<CloudBase['storage'], 'getStorageAcl' | 'setStorageAcl'>;
  functions: Pick<CloudBase['functions'], 'getFunctionDetail'>;
  /** The tcb API (2018-06-08): DescribeSafeRule / ModifySafeRule, a collection's security rule. */
  commonService(
    service?: string,
    version?: string,
  ): Pick<ReturnType<CloudBase['commonService']>, 'call'>;
}

export interface Credentials {
  envId: string;
  secretId: string;
  secretKey: string;
}

/** From ENV_ID, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY; a missing one is named. */
export function credentialsFrom(env: NodeJS.ProcessEnv): Credentials {
  const missing = ['ENV_ID', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'].filter(
    (name) => !env[name],
  );
  if (missing.length > 0)
    throw new Error(`set ${missing.join(', ')} (docs/cloud.md, "Provisioning")`);
  return {
    envId: env.ENV_ID!,
    secretId: env.TENCENTCLOUD_SECRETID!,
    secretKey: env.TENCENTCLOUD_SECRETKEY!,
  };
}

export function connect(c: Credentials): Manager {
  return new CloudBase({ envId: c.envId, secretId: c.secretId, secretKey: c.secretKey });
}
