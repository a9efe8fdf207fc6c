/**
 * Policy documents of the database tier, as plain data (see lib/policy.ts for the shared ones).
 */
import { PolicyDocument, policyDocument, serviceTrustPolicy } from "./policy";

/**
 * Trust policy of the RDS Proxy role. RDS Proxy assumes it as `rds.amazonaws.com`; AWS documents no
 * source-account context for this call, so a condition on it could lock the proxy out.
 */
export function rdsProxyTrustPolicy(): PolicyDocument {
    return policyDocument({ Effect: "Allow", Principal: { Service: "rds.amazonaws.com" }, Action: "sts:AssumeRole" });
}

export interface ProxySecretAccess {
    /** The one secret the proxy logs in with. */
    readonly secretArn: string;
    /** The key that encrypts that secret. */
    readonly kmsKeyArn: string;
    /** Region of the secret: decryption is only allowed through Secrets Manager there. */
    readonly region: string;
}

/**
 * What RDS Proxy needs to log in to the database: read one secret, and decrypt it with its key only
 * when Secrets Manager asks (AWS: "Setting up database credentials for RDS Proxy").
 */
export function proxySecretAccessPolicy(access: ProxySecretAccess): PolicyDocument {
    return policyDocument(
        {
            Sid: "ReadTheDatabaseSecret",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: access.secretArn,
        },
        {
            Sid: "DecryptItThroughSecretsManager",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: access.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${access.region}.amazonaws.com` } },
        },
    );
}

/** Enhanced Monitoring's role; RDS documents source-account conditions for it (confused deputy). */
export function enhancedMonitoringTrustPolicy(accountId: string): PolicyDocument {
    return serviceTrustPolicy("monitoring.rds.amazonaws.com", accountId);
}

/** AWS managed policy that lets Enhanced Monitoring write OS metrics to CloudWatch Logs. */
export function enhancedMonitoringPolicyArn(partition: string): string {
    return `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`;
}
