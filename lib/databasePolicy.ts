/**
 * Policy documents of the database tier, as plain data (see lib/policy.ts for the shared ones).
 */
import { PolicyDocument, policyDocument, serviceTrustPolicy } from "./policy";

/**
 * Trust policy of the RDS Proxy role. RDS Proxy assumes it as `rds.amazonaws.com`; AWS's proxy
 * setup documents the principal alone, no source-account context for this call. The account is
 * therefore checked only when the key is present (`ifPresent`), so the condition can never lock the
 * proxy out of its secret.
 */
export function rdsProxyTrustPolicy(accountId: string): PolicyDocument {
    return serviceTrustPolicy("rds.amazonaws.com", accountId, { sourceContext: "ifPresent" });
}

export interface SecretRead {
    /** The one secret to read. */
    readonly secretArn: string;
    /**
     * The customer-managed key that encrypts it. Omit for a secret encrypted with the AWS managed
     * key `aws/secretsmanager`, whose key policy already lets the account's principals use it through
     * Secrets Manager: GetSecretValue needs `kms:Decrypt` only "if the secret is encrypted using a
     * customer-managed key" (Secrets Manager API reference).
     */
    readonly kmsKeyArn?: string;
    /** Region of the secret: decryption is only allowed through Secrets Manager there. */
    readonly region: string;
}

/** Read one secret, and decrypt it with its key only when Secrets Manager asks. */
export function databaseSecretReadPolicy(access: SecretRead): PolicyDocument {
    return policyDocument(
        {
            Sid: "ReadTheDatabaseSecret",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: access.secretArn,
        },
        ...(access.kmsKeyArn === undefined
            ? []
            : [
                  {
                      Sid: "DecryptItThroughSecretsManager",
                      Effect: "Allow" as const,
                      Action: "kms:Decrypt",
                      Resource: access.kmsKeyArn,
                      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${access.region}.amazonaws.com` } },
                  },
              ]),
    );
}

export interface ProxySecretAccess extends SecretRead {
    /** The key that encrypts the proxy's secret (always a customer-managed key here). */
    readonly kmsKeyArn: string;
}

/**
 * What RDS Proxy needs to log in to the database: read one secret, and decrypt it with its key only
 * when Secrets Manager asks (AWS: "Setting up database credentials for RDS Proxy").
 */
export function proxySecretAccessPolicy(access: ProxySecretAccess): PolicyDocument {
    return databaseSecretReadPolicy(access);
}

/** Enhanced Monitoring's role; RDS documents source-account conditions for it (confused deputy). */
export function enhancedMonitoringTrustPolicy(accountId: string): PolicyDocument {
    return serviceTrustPolicy("monitoring.rds.amazonaws.com", accountId);
}

/** AWS managed policy that lets Enhanced Monitoring write OS metrics to CloudWatch Logs. */
export function enhancedMonitoringPolicyArn(partition: string): string {
    return `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`;
}

export interface DbConnectGrant {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    /** `prx-...` (connecting through RDS Proxy, taken from the proxy ARN) or `cluster-...` (directly). */
    readonly resourceId: string;
    /** Database user the caller may log in as with an IAM auth token. */
    readonly dbUser: string;
}

/** The `rds-db:connect` resource a client needs to log in to a proxy or cluster with IAM authentication. */
export function dbConnectResourceArn(grant: DbConnectGrant): string {
    return `arn:${grant.partition}:rds-db:${grant.region}:${grant.accountId}:dbuser:${grant.resourceId}/${grant.dbUser}`;
}

/** `arn:aws:rds:us-east-1:123456789012:db-proxy:prx-0abc` -> `prx-0abc`. */
export function proxyResourceId(proxyArn: string): string {
    const id = proxyArn.split(":").pop() ?? "";
    if (!id.startsWith("prx-")) throw new Error(`proxyResourceId: ${proxyArn} is not an RDS Proxy ARN`);
    return id;
}

/** Lets an app role log in as one database user through IAM authentication. */
export function dbConnectPolicy(grant: DbConnectGrant): PolicyDocument {
    return policyDocument({ Sid: "ConnectAsOneDatabaseUser", Effect: "Allow", Action: "rds-db:connect", Resource: dbConnectResourceArn(grant) });
}

/**
 * How an app logs in to its database, which decides what its role needs: an IAM auth token for one
 * database user (through RDS Proxy with IAM authentication required), or the user and password of
 * a secret in Secrets Manager.
 */
export type DatabaseLogin = ({ readonly kind: "iam" } & DbConnectGrant) | ({ readonly kind: "secret" } & SecretRead);

/** The app role's policy for its database login: `rds-db:connect` as one user, or one secret's read. */
export function appDatabaseLoginPolicy(login: DatabaseLogin): PolicyDocument {
    if (login.kind === "iam") {
        const { kind: _kind, ...grant } = login;
        return dbConnectPolicy(grant);
    }
    const { kind: _kind, ...read } = login;
    return databaseSecretReadPolicy(read);
}
