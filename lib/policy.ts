/**
 * IAM and resource policy documents as plain data. Pure builders, unit-tested without Pulumi, so
 * every policy the platform attaches can be read and checked in one place.
 */

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: "*" | Record<string, string | string[]>;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[] | boolean | number>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * A role trust policy for an AWS service, limited to this account so the service cannot be used
 * as a confused deputy by another account.
 */
export function serviceTrustPolicy(service: string | string[], accountId: string): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    });
}

/** A trust policy for EC2 instances (instance profiles carry no source-account context). */
export function ec2TrustPolicy(): PolicyDocument {
    return policyDocument({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });
}

export interface KmsKeyPolicyArgs {
    readonly accountId: string;
    readonly partition: string;
    readonly region: string;
    /**
     * Service principals allowed to use the key on this account's behalf, e.g.
     * `logs.us-east-1.amazonaws.com`, `sns.amazonaws.com`.
     */
    readonly services: readonly string[];
}

/**
 * Key policy of a customer-managed key: the account administers it through IAM, and each named
 * service may use it for encryption in this account only.
 */
export function kmsKeyPolicy(args: KmsKeyPolicyArgs): PolicyDocument {
    const statements: PolicyStatement[] = [
        {
            Sid: "AccountAdministersThroughIam",
            Effect: "Allow",
            Principal: { AWS: `arn:${args.partition}:iam::${args.accountId}:root` },
            Action: "kms:*",
            Resource: "*",
        },
    ];
    const logs = args.services.filter((s) => s.startsWith("logs."));
    const others = args.services.filter((s) => !s.startsWith("logs."));
    const useKey = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
    if (logs.length > 0) {
        // CloudWatch Logs is scoped by the encryption context it always sends, not by source account
        // (AWS: "Encrypt log data in CloudWatch Logs using AWS KMS").
        statements.push({
            Sid: "CloudWatchLogsEncryptThisAccountsLogGroups",
            Effect: "Allow",
            Principal: { Service: logs },
            Action: useKey,
            Resource: "*",
            Condition: {
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${args.partition}:logs:${args.region}:${args.accountId}:log-group:*` },
            },
        });
    }
    if (others.length > 0) {
        statements.push({
            Sid: "ServicesEncryptForThisAccount",
            Effect: "Allow",
            Principal: { Service: others },
            Action: useKey,
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
        });
    }
    return policyDocument(...statements);
}

/** Lets VPC Flow Logs write to one log group. */
export function flowLogsWritePolicy(logGroupArn: string): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [logGroupArn, `${logGroupArn}:*`],
    });
}

/** Denies any request to the bucket that does not use TLS. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}
