import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArchiveBucket } from "../components/archiveBucket";
import { AccountGuardrails } from "../components/accountGuardrails";
import { PlatformKey, PlatformKeyArgs } from "../components/platformKey";
import { VpcTier } from "../components/vpcTier";
import { accessLogDeliveryStatement } from "../lib/bucketAudit";
import { bucketName } from "../lib/naming";
import { autoScalingServiceLinkedRoleArn } from "../lib/policy";
import { PlatformConfig } from "./config/load";
import { AccountContext } from "./providers";

/** The keys and network every stack, primary or DR, starts from. */
export interface Foundation {
    /** Encrypts CloudWatch log groups. */
    readonly logsKey: PlatformKey;
    /**
     * Encrypts data at rest: buckets, queues, topics, tables. Multi-Region in prod so the DR
     * region can hold a replica of it.
     */
    readonly dataKey: PlatformKey;
    readonly network: VpcTier;
    /**
     * The stack's S3 server access log bucket: every other bucket of the stack logs into it (S3
     * delivers access logs only within an account and region).
     */
    readonly accessLogs: ArchiveBucket;
    /** The account guardrails, in the one stack per account and region whose config owns them. */
    readonly guardrails?: AccountGuardrails;
}

/**
 * What every key of a stack takes from the stack: its alias prefix, account, region and
 * protection. `region` defaults to the stack's; a key elsewhere (DR's us-east-1 `edge-logs`) names
 * its own.
 */
export function stackKeyArgs(
    cfg: PlatformConfig,
    account: AccountContext,
    purpose: string,
    region: string = cfg.region,
): Pick<PlatformKeyArgs, "purpose" | "namePrefix" | "accountId" | "partition" | "region" | "protect"> {
    return { purpose, namePrefix: cfg.namePrefix, accountId: account.accountId, partition: account.partition, region, protect: cfg.protect };
}

export function buildFoundation(cfg: PlatformConfig, account: AccountContext, provider: aws.Provider): Foundation {
    const logsKey = new PlatformKey(
        "logs",
        {
            ...stackKeyArgs(cfg, account, "logs"),
            services: [`logs.${cfg.region}.amazonaws.com`],
            // The security log groups it encrypts outlive a prod stack; so must their key.
            retainOnDelete: cfg.keepSecurityLogs,
        },
        { provider },
    );
    const dataKey = new PlatformKey(
        "data",
        {
            ...stackKeyArgs(cfg, account, "data"),
            services: ["sns.amazonaws.com", "sqs.amazonaws.com", "events.amazonaws.com", "cloudwatch.amazonaws.com"],
            // The app fleet's EBS volumes are encrypted with this key, and EC2 Auto Scaling creates
            // them as its service-linked role.
            principals: [pulumi.all([account.partition, account.accountId]).apply(([p, a]) => autoScalingServiceLinkedRoleArn(p, a))],
            multiRegion: cfg.isProd && cfg.role === "primary",
        },
        { provider },
    );
    const network = new VpcTier(
        "network",
        {
            ...cfg.network,
            namePrefix: cfg.namePrefix,
            region: cfg.region,
            accountId: account.accountId,
            partition: account.partition,
            logsKmsKeyArn: logsKey.keyArn,
            keepSecurityLogs: cfg.keepSecurityLogs,
        },
        { provider },
    );
    // SSE-S3: server access log delivery is documented for SSE-S3 destination buckets. No Object
    // Lock either: S3 does not deliver access logs into a bucket with Object Lock.
    const accessLogs = new ArchiveBucket(
        "access-logs",
        {
            bucketName: account.accountId.apply((id) => bucketName(cfg.namePrefix, "s3-access-logs", id, cfg.region)),
            sseS3Reason: "S3 server access log delivery writes with SSE-S3",
            accessLogExemption: "the stack's access-log bucket itself: logging into itself would log its own log deliveries",
            deepArchiveAfterDays: null,
            expireAfterDays: cfg.security.accessLogExpireDays,
            policyStatements: (arn) =>
                pulumi
                    .all([account.accountId, account.partition])
                    .apply(([accountId, partition]) => [accessLogDeliveryStatement({ bucketArn: arn, accountId, partition, sourceBucketPattern: `${cfg.namePrefix}-*` })]),
            forceDestroy: !cfg.protect,
            protect: cfg.protect,
        },
        { provider },
    );
    const g = cfg.security.guardrails;
    const guardrails = g
        ? new AccountGuardrails(
              "account-guardrails",
              {
                  region: cfg.region,
                  accountId: account.accountId,
                  partition: account.partition,
                  namePrefix: cfg.namePrefix,
                  logsKmsKeyArn: logsKey.keyArn,
                  ...g,
                  // The block waits for this VPC's exclusions; other stacks' VPCs in the region
                  // create theirs when they deploy (dev deploys before prod).
                  blockPublicAccessAfter: network.blockPublicAccessExclusions,
                  keepSecurityLogs: cfg.keepSecurityLogs,
              },
              { provider },
          )
        : undefined;
    return { logsKey, dataKey, network, accessLogs, guardrails };
}
