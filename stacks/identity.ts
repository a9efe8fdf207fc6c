import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { IdentityPool } from "../components/identityPool";
import { UserDataStore, UserDataReplica } from "../components/userDataStore";
import { backupTags } from "./baseline";
import { ConfigError, PlatformConfig } from "./config/load";
import { Foundation } from "./foundation";
import { PRIMARY_EXPORTS } from "./outputs";
import { AccountContext } from "./providers";

/** Sign-in and per-user data of a primary stack. */
export interface Identity {
    readonly userData: UserDataStore;
    readonly pool: IdentityPool;
    /** The DR stack adds the user-data table's replica (`identity.userDataReplicatedByDr`). */
    readonly replicatedByDr: boolean;
}

export interface IdentityOptions {
    /**
     * Managed policies that signed-in users' credentials also get (e.g. Firehose put for
     * analytics). The user-data policy is always attached.
     */
    readonly additionalPolicyArns?: readonly pulumi.Input<string>[];
    /** Replicas of the user-data table in other regions, supplied by the DR wiring. */
    readonly userDataReplicas?: readonly UserDataReplica[];
}

/**
 * The user pool, identity pool and per-user data store of a primary stack. The DR stack builds
 * none of this: Cognito has no cross-region replication, and the stance is documented in
 * docs/identity-and-notifications.md.
 */
export function buildIdentity(
    cfg: PlatformConfig,
    account: AccountContext,
    foundation: Foundation,
    provider: aws.Provider,
    options: IdentityOptions = {},
): Identity {
    const settings = cfg.identity;
    if (settings === undefined) {
        throw new ConfigError(cfg.file, ["startup-platform:identity: is required on a primary stack"]);
    }
    const userData = new UserDataStore(
        "user-data",
        {
            ...settings,
            namePrefix: cfg.namePrefix,
            region: cfg.region,
            accountId: account.accountId,
            kmsKeyArn: foundation.dataKey.keyArn,
            replicas: options.userDataReplicas,
            backupTags: backupTags(cfg),
            accessLogBucketName: foundation.accessLogs.bucketName,
            protect: cfg.protect,
        },
        { provider },
    );
    const pool = new IdentityPool(
        "identity",
        {
            ...settings,
            namePrefix: cfg.namePrefix,
            region: cfg.region,
            webAppDomain: `${cfg.dns.appHostname}.${cfg.dns.zoneName}`,
            dnsZone: cfg.dns,
            additionalPolicyArns: [userData.ownDataPolicyArn, ...(options.additionalPolicyArns ?? [])],
            protect: cfg.protect,
        },
        { provider },
    );
    return { userData, pool, replicatedByDr: settings.userDataReplicatedByDr };
}

/** The stack outputs of the identity slice; the DR stack reads the PRIMARY_EXPORTS ones. */
export function identityOutputs(identity: Identity): Record<string, pulumi.Input<unknown>> {
    const { pool, userData } = identity;
    return {
        [PRIMARY_EXPORTS.userPoolId]: pool.userPoolId,
        [PRIMARY_EXPORTS.userPoolArn]: pool.userPoolArn,
        [PRIMARY_EXPORTS.userPoolDomain]: pool.domain,
        [PRIMARY_EXPORTS.signInUrl]: pool.signInUrl,
        [PRIMARY_EXPORTS.mobileClientId]: pool.mobileClientId,
        [PRIMARY_EXPORTS.webClientId]: pool.webClientId,
        [PRIMARY_EXPORTS.identityPoolId]: pool.identityPoolId,
        // DR grants signed-in users their own data in its copies through a policy on this role.
        [PRIMARY_EXPORTS.authenticatedRoleName]: pool.authenticatedRoleName,
        [PRIMARY_EXPORTS.authenticatedRoleUniqueId]: pool.authenticatedRoleUniqueId,
        [PRIMARY_EXPORTS.userDataTableName]: userData.tableName,
        // What the DR stack replicates: the uploads bucket, and the table when DR adds its replica.
        [PRIMARY_EXPORTS.userUploadsBucketName]: userData.uploadsBucketName,
        [PRIMARY_EXPORTS.userUploadsBucketArn]: userData.uploadsBucketArn,
        ...(identity.replicatedByDr ? { [PRIMARY_EXPORTS.userDataTableArn]: userData.tableArn } : {}),
    };
}
