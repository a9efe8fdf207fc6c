/**
 * Names of the primary stack's outputs that the DR stack reads through its stack reference.
 * Defined once here: the primary exports under these names, the DR stack reads them with
 * `requireOutput`, and a test runs prod under mocks and fails if DR reads a name prod lacks.
 */
export const PRIMARY_EXPORTS = {
    region: "region",
    vpcCidr: "vpcCidr",
    namePrefix: "namePrefix",
    /** Aurora global cluster the DR secondary joins (prod only). */
    databaseGlobalClusterId: "databaseGlobalClusterId",
    /** Engine version the secondary must run, equal to the primary's. */
    databaseEngineVersion: "databaseEngineVersion",
    /** Multi-Region key of the primary cluster; DR creates its replica key from it. */
    databaseKmsKeyArn: "databaseKmsKeyArn",
    /** Primary cluster ARN (for switchover/failover runbooks and alarms). */
    databaseClusterArn: "databaseClusterArn",
    /** Master secret (every primary); on a global primary it is replicated to the DR region under the same name. */
    databaseSecretArn: "databaseSecretArn",
    /** The app's ECR repository, which DR replicates images from. */
    imageRepositoryName: "imageRepositoryName",
    // Identity lives in the primary region only; DR clients keep using these (docs/identity-and-notifications.md).
    userPoolId: "userPoolId",
    userPoolArn: "userPoolArn",
    userPoolDomain: "userPoolDomain",
    signInUrl: "signInUrl",
    mobileClientId: "mobileClientId",
    webClientId: "webClientId",
    identityPoolId: "identityPoolId",
    userDataTableName: "userDataTableName",
} as const;

export type PrimaryExportName = (typeof PRIMARY_EXPORTS)[keyof typeof PRIMARY_EXPORTS];
