/**
 * Policy documents for signed-in app users: the trust policy of the identity pool's
 * authenticated role and the per-identity access to user data. Pure builders, unit-tested.
 */
import { PolicyDocument, PolicyStatement, policyDocument } from "./policy";

/** The federated principal of Cognito identity pools. */
export const COGNITO_IDENTITY_PRINCIPAL = "cognito-identity.amazonaws.com";

/**
 * IAM policy variable that AWS replaces with the caller's identity id (`us-east-1:<uuid>`). It is
 * a plain string on purpose: written inside a JS template literal it would be interpolated away.
 */
export const IDENTITY_ID_VARIABLE = "${cognito-identity.amazonaws.com:sub}";

/** What a signed-in user may do with their own items; no Scan, no table-wide reads. */
export const USER_DATA_TABLE_ACTIONS = [
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
] as const;

/** Key prefix under which each identity has its own folder in the uploads bucket. */
export const PRIVATE_UPLOADS_PREFIX = "private";

/**
 * Trust policy of the authenticated role: only tokens that Cognito issued for this identity pool
 * (`aud`) to signed-in users (`amr` = authenticated) can assume it. Without the `aud` condition
 * any identity pool in any account could hand out this role.
 */
export function cognitoAuthenticatedTrustPolicy(identityPoolId: string): PolicyDocument {
    return policyDocument({
        Sid: "SignedInUsersOfThisIdentityPool",
        Effect: "Allow",
        Principal: { Federated: COGNITO_IDENTITY_PRINCIPAL },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
            StringEquals: { [`${COGNITO_IDENTITY_PRINCIPAL}:aud`]: identityPoolId },
            "ForAnyValue:StringLike": { [`${COGNITO_IDENTITY_PRINCIPAL}:amr`]: "authenticated" },
        },
    });
}

export interface OwnUserDataPolicyArgs {
    /** ARN of the DynamoDB table keyed by identity id (or of its replica in `region`). @default - no table statement */
    readonly tableArn?: string;
    /** ARN of the uploads bucket. @default - no uploads statements */
    readonly bucketArn?: string;
    /** ARN of the KMS key that encrypts them, in `region`. */
    readonly kmsKeyArn: string;
    /** Region of the table and bucket; scopes the key to use through S3 and DynamoDB there. */
    readonly region: string;
}

/** `arn:partition:service:region:account:resource`, split; undefined parts are absent. */
function arnParts(arn: string): { service?: string; region?: string; resource?: string } {
    const [prefix, , service, region, , ...rest] = arn.split(":");
    return prefix === "arn" ? { service, region, resource: rest.join(":") } : {};
}

/**
 * What would make `ownUserDataPolicy` name data outside its region, or nothing at all. The policy
 * is attached to a global IAM role, so a table or key of the wrong region would be granted
 * silently and reach nothing (or the wrong copy).
 */
export function ownUserDataPolicyProblems(args: OwnUserDataPolicyArgs): string[] {
    const problems: string[] = [];
    if (args.tableArn === undefined && args.bucketArn === undefined) {
        problems.push("give a tableArn, a bucketArn or both: a policy without either grants nothing");
    }
    if (args.tableArn !== undefined) {
        const table = arnParts(args.tableArn);
        if (table.service !== "dynamodb" || !table.resource?.startsWith("table/")) {
            problems.push(`tableArn must be a DynamoDB table ARN, got ${args.tableArn}`);
        } else if (table.region !== args.region) {
            problems.push(`the table ${args.tableArn} is not in ${args.region}; give the ARN of its replica there`);
        }
    }
    if (args.bucketArn !== undefined && !/^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(args.bucketArn)) {
        problems.push(`bucketArn must be an S3 bucket ARN (arn:aws:s3:::<bucket>), got ${args.bucketArn}`);
    }
    const key = arnParts(args.kmsKeyArn);
    if (key.service !== "kms" || key.region !== args.region) {
        problems.push(`kmsKeyArn must be a KMS key ARN in ${args.region}, got ${args.kmsKeyArn}`);
    }
    return problems;
}

/**
 * Lets a signed-in user reach only their own data: table items whose partition key is their
 * identity id, and objects under `private/<identity id>/` in the uploads bucket. The data key may
 * be used only through S3 and DynamoDB in `region` (only the services of the resources given),
 * never directly. Throws on `ownUserDataPolicyProblems`.
 */
export function ownUserDataPolicy(args: OwnUserDataPolicyArgs): PolicyDocument {
    const problems = ownUserDataPolicyProblems(args);
    if (problems.length > 0) throw new Error(`ownUserDataPolicy: ${problems.join("; ")}`);
    const ownFolder = `${PRIVATE_UPLOADS_PREFIX}/${IDENTITY_ID_VARIABLE}`;
    const statements: PolicyStatement[] = [];
    if (args.tableArn !== undefined) {
        statements.push({
            Sid: "OwnItemsOnly",
            Effect: "Allow",
            Action: [...USER_DATA_TABLE_ACTIONS],
            Resource: args.tableArn,
            // ForAllValues: every partition key the request touches must be the caller's own.
            Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [IDENTITY_ID_VARIABLE] } },
        });
    }
    if (args.bucketArn !== undefined) {
        statements.push(
            {
                Sid: "OwnUploadsOnly",
                Effect: "Allow",
                // RestoreObject: an upload unread for 180 days is in an Intelligent-Tiering archive
                // tier and answers InvalidObjectState until restored (docs/storage.md).
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:RestoreObject"],
                Resource: `${args.bucketArn}/${ownFolder}/*`,
            },
            {
                Sid: "ListOwnUploadsOnly",
                Effect: "Allow",
                Action: "s3:ListBucket",
                Resource: args.bucketArn,
                Condition: { StringLike: { "s3:prefix": [`${ownFolder}/`, `${ownFolder}/*`] } },
            },
        );
    }
    const services = [
        ...(args.bucketArn !== undefined ? [`s3.${args.region}.amazonaws.com`] : []),
        ...(args.tableArn !== undefined ? [`dynamodb.${args.region}.amazonaws.com`] : []),
    ];
    statements.push({
        Sid: "DataKeyThroughS3AndDynamoDbOnly",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: args.kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": services } },
    });
    return policyDocument(...statements);
}
