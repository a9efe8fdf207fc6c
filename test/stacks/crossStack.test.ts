import { expect } from "chai";
import { CIS_METRIC_FILTERS, CIS_METRIC_NAMESPACE } from "../../lib/audit";
import { drDeployTimeProblems, drRequiredExports } from "../../stacks/dr";
import { parseStack } from "../configHelpers";
import { PRIMARY_EXPORTS } from "../../stacks/outputs";
import { OfflineProgramError, OfflineRun, RecordedResource, readStackConfigFile } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, PRIMARY_STACK, all, one, policyOf, runOffline, some, stackRuns } from "../helpers";

/**
 * The DR stack against prod's REAL outputs: prod runs under mocks first, and its outputs are what
 * DR's stack reference returns. Asserts the wiring between the two stacks, and that DR reads
 * nothing prod does not export.
 */

const ACCOUNT_WIDE = [
    "aws:iam/group:Group",
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
    "aws:cloudtrail/trail:Trail",
];

/** The AWS provider a resource was created with (its logical name). */
const providerOf = (r: RecordedResource) => r.provider?.split("::").pop();

async function drFailure(outputs: Record<string, unknown>, secretOutputs: readonly string[] = []): Promise<OfflineProgramError> {
    try {
        await runOffline({ stack: "dr", stackOutputs: { [PRIMARY_STACK]: outputs }, secretStackOutputs: { [PRIMARY_STACK]: secretOutputs } });
    } catch (err) {
        expect(err).to.be.instanceOf(OfflineProgramError);
        return err as OfflineProgramError;
    }
    return expect.fail("expected the DR stack to fail");
}

describe("cross-stack: DR reads prod through its stack reference", () => {
    let prod: OfflineRun;
    let dr: OfflineRun;
    before(async () => {
        ({ prod, dr } = await stackRuns());
    });

    it("references the stack named in dr.primaryStack", () => {
        const ref = one(dr, "pulumi:pulumi:StackReference");
        expect(ref.inputs.name).to.equal((readStackConfigFile("dr")["startup-platform:dr"] as { primaryStack: string }).primaryStack);
        expect(ref.inputs.name).to.equal(PRIMARY_STACK);
    });

    it("prod exports a value under every name DR may read (PRIMARY_EXPORTS), and prod's config makes DR read them all", () => {
        expect(drRequiredExports(parseStack("dr").dr!)).to.deep.equal(Object.values(PRIMARY_EXPORTS));
        for (const name of Object.values(PRIMARY_EXPORTS)) {
            expect(prod.outputs[name], name).to.not.equal(undefined);
        }
    });

    it("runs in another region, with a second provider in prod's region for the primary-side halves, and one in us-east-1 for CloudFront", () => {
        expect(dr.region).to.equal("us-west-2");
        expect(prod.region).to.equal("us-east-1");
        const providers = some(dr, "pulumi:providers:aws");
        expect(providers.map((p) => [p.name, p.inputs.region])).to.have.deep.members([
            ["aws-us-west-2", "us-west-2"],
            ["aws-primary", prod.outputs[PRIMARY_EXPORTS.region]],
            ["aws-edge", "us-east-1"],
        ]);
    });

    it("joins the Aurora secondary to prod's global cluster, encrypted with a replica of prod's database key", () => {
        const secondary = one(dr, "aws:rds/cluster:Cluster");
        const globalCluster = one(prod, "aws:rds/globalCluster:GlobalCluster");
        expect(secondary.inputs.globalClusterIdentifier).to.equal(prod.outputs[PRIMARY_EXPORTS.databaseGlobalClusterId]);
        expect(secondary.inputs.globalClusterIdentifier).to.equal(globalCluster.state.id);
        expect(secondary.inputs.sourceRegion).to.equal(prod.region);
        expect(secondary.inputs.engineVersion).to.equal(one(prod, "aws:rds/cluster:Cluster").inputs.engineVersion);
        expect(secondary.inputs).to.not.have.any.keys("masterUsername", "databaseName", "manageMasterUserPassword", "masterPasswordWo");

        const replica = one(dr, "aws:kms/replicaKey:ReplicaKey");
        const prodKey = one(prod, "aws:kms/key:Key", "database-key-key");
        expect(replica.inputs.primaryKeyArn).to.equal(prod.outputs[PRIMARY_EXPORTS.databaseKmsKeyArn]);
        expect(replica.inputs.primaryKeyArn).to.equal(prodKey.state.arn);
        expect(prodKey.inputs.multiRegion).to.equal(true);
        expect(replica.state.keyId).to.equal(prodKey.state.keyId);
        expect(String(replica.state.arn)).to.match(/^arn:aws:kms:us-west-2:/);
        expect(providerOf(replica)).to.equal("aws-us-west-2");
        expect(secondary.inputs.kmsKeyId).to.equal(replica.state.arn);
        expect(some(dr, "aws:rds/globalCluster:GlobalCluster")).to.deep.equal([]);
    });

    it("exports the global writer endpoint (for operators: it names whichever region writes), while DR's apps use DR's own cluster", () => {
        expect(prod.outputs.databaseGlobalWriterEndpoint).to.equal(one(prod, "aws:rds/globalCluster:GlobalCluster").state.endpoint);
        expect(dr.outputs.databaseWriterEndpoint).to.equal(one(dr, "aws:rds/cluster:Cluster").state.endpoint);
        const writer = one(dr, "aws:ssm/parameter:Parameter", "app-settings-database-writer-host");
        // The provider marks a parameter's value secret; the mocks see it wrapped.
        const value = writer.inputs.value as { value?: unknown } | string;
        expect(typeof value === "object" ? value.value : value).to.equal(dr.outputs.databaseWriterEndpoint);
    });

    it("sizes the secondary for standby from DR's database config, readers only, no proxy", () => {
        const db = readStackConfigFile("dr")["startup-platform:database"] as { minCapacityAcu: number; maxCapacityAcu: number; instances: number };
        expect(one(dr, "aws:rds/cluster:Cluster").inputs.serverlessv2ScalingConfiguration).to.deep.include({ minCapacity: db.minCapacityAcu, maxCapacity: db.maxCapacityAcu });
        expect(some(dr, "aws:rds/clusterInstance:ClusterInstance")).to.have.lengthOf(db.instances);
        expect(some(dr, "aws:rds/proxy:Proxy")).to.deep.equal([]);
    });

    it("replicates prod's raw-events bucket into DR's own analytics bucket, configured in prod's region", () => {
        const config = one(dr, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "analytics-replication-config");
        expect(providerOf(config)).to.equal("aws-primary");
        expect(config.inputs.bucket).to.equal(prod.outputs[PRIMARY_EXPORTS.analyticsRawBucketName]);
        expect(config.inputs.bucket).to.equal(one(prod, "aws:s3/bucket:Bucket", "analytics-raw-bucket").state.id);
        const drBucket = one(dr, "aws:s3/bucket:Bucket", "analytics-raw-bucket");
        const [rule] = config.inputs.rules as Array<{ destination: { bucket: string; encryptionConfiguration: { replicaKmsKeyId: string } } }>;
        expect(rule.destination.bucket).to.equal(drBucket.state.arn);
        expect(rule.destination.bucket).to.match(/^arn:aws:s3:::startup-dr-.*-us-west-2$/);
        expect(rule.destination.encryptionConfiguration.replicaKmsKeyId).to.equal(one(dr, "aws:kms/key:Key", "data-key").state.arn);
    });

    it("lets the replication role decrypt only with prod's data key via S3 in prod's region, and encrypt with DR's via S3 here", () => {
        const statements = policyOf(one(dr, "aws:iam/rolePolicy:RolePolicy", "analytics-replication-access")).Statement;
        const decrypt = statements.find((s) => s.Sid === "DecryptSourceObjects");
        const encrypt = statements.find((s) => s.Sid === "EncryptReplicas");
        expect(decrypt?.Resource).to.equal(prod.outputs[PRIMARY_EXPORTS.dataKeyArn]);
        expect(decrypt?.Resource).to.equal(one(prod, "aws:kms/key:Key", "data-key").state.arn);
        expect(decrypt?.Condition).to.deep.include({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
        expect(encrypt?.Resource).to.equal(one(dr, "aws:kms/key:Key", "data-key").state.arn);
        expect(encrypt?.Condition).to.deep.include({ StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com" } });
    });

    it("replicates prod's uploads into a DR bucket, written in Intelligent-Tiering", () => {
        const config = one(dr, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "uploads-replication-config");
        expect(providerOf(config)).to.equal("aws-primary");
        expect(config.inputs.bucket).to.equal(prod.outputs[PRIMARY_EXPORTS.userUploadsBucketName]);
        expect(config.inputs.bucket).to.equal(one(prod, "aws:s3/bucket:Bucket", "user-data-uploads-bucket").state.id);
        const drBucket = one(dr, "aws:s3/bucket:Bucket", "user-uploads-replica-bucket");
        expect(drBucket.state.id).to.equal("startup-dr-user-uploads-123456789012-us-west-2");
        const [rule] = config.inputs.rules as Array<{ destination: { bucket: string; storageClass?: string } }>;
        expect(rule.destination.bucket).to.equal(drBucket.state.arn);
        // Straight into Intelligent-Tiering: no lifecycle transition per replica.
        expect(rule.destination.storageClass).to.equal("INTELLIGENT_TIERING");
        expect(policyOf(one(dr, "aws:iam/rolePolicy:RolePolicy", "uploads-replication-access")).Statement.find((s) => s.Sid === "WriteReplicas")?.Resource).to.equal(
            `${String(drBucket.state.arn)}/*`,
        );
    });

    it("keeps every copy in DR readable at once after a failover, while prod keeps archiving at 180 days", () => {
        // Classes a GET reads in milliseconds, without a restore (InvalidObjectState otherwise).
        const INSTANT = ["STANDARD", "INTELLIGENT_TIERING", "STANDARD_IA", "ONEZONE_IA", "GLACIER_IR"];
        type Lifecycle = { rules: Array<{ transitions?: Array<{ storageClass: string }> }> };
        const classesOf = (run: OfflineRun, bucket: RecordedResource) =>
            some(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
                .filter((l) => l.inputs.bucket === bucket.state.id)
                .flatMap((l) => (l.inputs as Lifecycle).rules.flatMap((r) => (r.transitions ?? []).map((t) => t.storageClass)));
        const tiersOf = (run: OfflineRun, bucket: RecordedResource) =>
            some(run, "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration")
                .filter((t) => t.inputs.bucket === bucket.state.id)
                .flatMap((t) => (t.inputs.tierings as Array<{ accessTier: string }>).map((x) => x.accessTier));
        const replicaBuckets = some(dr, "aws:s3/bucketReplicationConfig:BucketReplicationConfig").map((c) => {
            const [rule] = c.inputs.rules as Array<{ destination: { bucket: string; storageClass?: string } }>;
            expect(INSTANT, c.name).to.include(rule.destination.storageClass ?? "STANDARD");
            return all(dr, "aws:s3/bucket:Bucket").find((b) => b.state.arn === rule.destination.bucket) as RecordedResource;
        });
        expect(replicaBuckets.map((b) => b?.name)).to.have.members(["analytics-raw-bucket", "user-uploads-replica-bucket"]);
        for (const bucket of replicaBuckets) {
            expect(classesOf(dr, bucket), bucket.name).to.not.be.empty;
            for (const storageClass of classesOf(dr, bucket)) expect(INSTANT, `${bucket.name}: ${storageClass}`).to.include(storageClass);
            expect(tiersOf(dr, bucket), bucket.name).to.deep.equal([]);
        }
        // DR's analytics bucket stops at Glacier Instant Retrieval, which Athena reads.
        expect(classesOf(dr, one(dr, "aws:s3/bucket:Bucket", "analytics-raw-bucket"))).to.deep.equal(["GLACIER_IR"]);
        // Prod, the source, archives as concern 11 asks: uploads by last access, raw events by age.
        const prodUploads = one(prod, "aws:s3/bucket:Bucket", "user-data-uploads-bucket");
        expect(tiersOf(prod, prodUploads)).to.deep.equal(["ARCHIVE_ACCESS", "DEEP_ARCHIVE_ACCESS"]);
        expect(classesOf(prod, one(prod, "aws:s3/bucket:Bucket", "analytics-raw-bucket"))).to.deep.equal(["GLACIER_IR", "DEEP_ARCHIVE"]);
        // Prod's raw events keep the source's class when they replicate; they arrive in Standard.
        const [analyticsRule] = one(dr, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "analytics-replication-config").inputs.rules as Array<{
            destination: { storageClass?: string };
        }>;
        expect(analyticsRule.destination.storageClass).to.equal(undefined);
    });

    it("adds a replica of prod's user-data table here, encrypted with DR's data key, while prod leaves its replicas alone", () => {
        const replica = one(dr, "aws:dynamodb/tableReplica:TableReplica");
        const table = one(prod, "aws:dynamodb/table:Table");
        expect(replica.inputs.globalTableArn).to.equal(prod.outputs[PRIMARY_EXPORTS.userDataTableArn]);
        expect(replica.inputs.globalTableArn).to.equal(table.state.arn);
        expect(replica.inputs).to.include({ kmsKeyArn: one(dr, "aws:kms/key:Key", "data-key").state.arn, pointInTimeRecovery: true, deletionProtectionEnabled: true });
        expect(providerOf(replica)).to.equal("aws-us-west-2");
        expect(replica.protect).to.equal(true);
        expect(String(replica.state.arn)).to.equal(String(table.state.arn).replace(":us-east-1:", ":us-west-2:"));
        // Global tables replicate through the table's stream; prod's table lists no replicas of its own.
        expect(table.inputs).to.include({ streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES" });
        expect(table.inputs.replicas).to.equal(undefined);
        expect(table.ignoreChanges).to.deep.equal(["replicas"]);
    });

    it("versions both sides of the replication", () => {
        const versioned = (run: OfflineRun, bucket: RecordedResource) =>
            some(run, "aws:s3/bucketVersioning:BucketVersioning").some(
                (v) => v.inputs.bucket === bucket.state.id && JSON.stringify(v.inputs.versioningConfiguration) === JSON.stringify({ status: "Enabled" }),
            );
        expect(versioned(prod, one(prod, "aws:s3/bucket:Bucket", "analytics-raw-bucket"))).to.equal(true);
        expect(versioned(dr, one(dr, "aws:s3/bucket:Bucket", "analytics-raw-bucket"))).to.equal(true);
    });

    it("uses prod's master secret, which prod replicates into the DR region under the same ARN but the region", () => {
        const secret = one(prod, "aws:secretsmanager/secret:Secret");
        expect(secret.inputs.replicas).to.deep.include({ region: dr.region });
        expect(dr.outputs.databaseSecretArn).to.equal(String(secret.state.arn).replace(":us-east-1:", ":us-west-2:"));
    });

    it("runs a smaller DR fleet than prod's, but running (min >= 1)", () => {
        const group = (run: OfflineRun) => one(run, "aws:autoscaling/group:Group").inputs as { minSize: number; maxSize: number; desiredCapacity: number };
        expect(group(dr).minSize).to.be.at.least(1);
        expect(group(dr).desiredCapacity).to.be.at.least(1);
        expect(group(dr).minSize).to.be.below(group(prod).minSize);
        expect(group(dr).desiredCapacity).to.be.below(group(prod).desiredCapacity);
        expect(prod.outputs[PRIMARY_EXPORTS.fleetCapacity]).to.deep.equal({
            minSize: group(prod).minSize,
            maxSize: group(prod).maxSize,
            desiredCapacity: group(prod).desiredCapacity,
        });
    });

    it("runs the DR fleet from a DR repository of prod's name, which prod's registry replicates into", () => {
        const repoName = prod.outputs[PRIMARY_EXPORTS.imageRepositoryName];
        const drRepo = one(dr, "aws:ecr/repository:Repository");
        expect(drRepo.inputs.name).to.equal(repoName);
        expect(providerOf(drRepo)).to.equal("aws-us-west-2");
        expect(drRepo.inputs.encryptionConfigurations).to.deep.equal([{ encryptionType: "KMS", kmsKey: one(dr, "aws:kms/key:Key", "data-key").state.arn }]);
        expect(String(dr.outputs.imageRepositoryUrl)).to.equal(`123456789012.dkr.ecr.us-west-2.amazonaws.com/${String(repoName)}`);

        const replication = one(dr, "aws:ecr/replicationConfiguration:ReplicationConfiguration");
        expect(providerOf(replication)).to.equal("aws-primary");
        expect(replication.inputs.replicationConfiguration).to.deep.equal({
            rules: [{ destinations: [{ region: "us-west-2", registryId: "123456789012" }], repositoryFilters: [{ filter: repoName, filterType: "PREFIX_MATCH" }] }],
        });
        // The instances pull from the DR repository.
        const statements = policyOf(one(dr, "aws:iam/rolePolicy:RolePolicy", "app-instance-app")).Statement;
        expect(JSON.stringify(statements)).to.include(String(drRepo.state.arn));
    });

    it("pairs prod's PRIMARY record with DR's SECONDARY record for the same name, each with a health check of its own load balancer", () => {
        const record = (run: OfflineRun) => one(run, "aws:route53/record:Record", "app-endpoint-record");
        const check = (run: OfflineRun) => one(run, "aws:route53/healthCheck:HealthCheck", "app-endpoint-health");
        expect(record(prod).inputs.name).to.equal(record(dr).inputs.name);
        expect(record(prod).inputs.zoneId).to.equal(record(dr).inputs.zoneId);
        expect(record(prod).inputs.failoverRoutingPolicies).to.deep.equal([{ type: "PRIMARY" }]);
        expect(record(dr).inputs.failoverRoutingPolicies).to.deep.equal([{ type: "SECONDARY" }]);
        expect(record(prod).inputs.setIdentifier).to.not.equal(record(dr).inputs.setIdentifier);
        for (const run of [prod, dr]) {
            expect(check(run).inputs).to.include({ type: "HTTPS", fqdn: one(run, "aws:lb/loadBalancer:LoadBalancer").state.dnsName, resourcePath: "/health" });
        }
        // DR follows its HTTPS check; prod follows its DNS switch over its HTTPS check, which the
        // failover runbook (reading prod's appHealthCheckId) turns to pin DNS to DR.
        expect(record(dr).inputs.healthCheckId).to.equal(check(dr).state.id);
        const dnsSwitch = one(prod, "aws:route53/healthCheck:HealthCheck", "app-endpoint-dns-switch");
        expect(dnsSwitch.inputs).to.deep.include({ type: "CALCULATED", childHealthchecks: [check(prod).state.id] });
        expect(record(prod).inputs.healthCheckId).to.equal(dnsSwitch.state.id);
        expect(prod.outputs[PRIMARY_EXPORTS.appHealthCheckId]).to.equal(dnsSwitch.state.id);
        expect(some(dr, "aws:route53/healthCheck:HealthCheck")).to.have.lengthOf(1);
    });

    it("lets only the DR app instances reach the Aurora secondary", () => {
        const dbSg = one(dr, "aws:ec2/securityGroup:SecurityGroup", "database-sg");
        const rules = some(dr, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === dbSg.state.id);
        expect(rules.map((r) => r.inputs.referencedSecurityGroupId)).to.deep.equal([one(dr, "aws:ec2/securityGroup:SecurityGroup", "app-instance-sg").state.id]);
    });

    it("provisions the failover runbook in DR against prod's global cluster, prod's health check and prod's fleet size", () => {
        const document = one(dr, "aws:ssm/document:Document", "failover-document");
        expect(providerOf(document)).to.equal("aws-us-west-2");
        const content = JSON.parse(String(document.inputs.content)) as { parameters: Record<string, { default?: unknown }> };
        const defaults = Object.fromEntries(Object.entries(content.parameters).map(([k, v]) => [k, v.default]));
        const capacity = prod.outputs[PRIMARY_EXPORTS.fleetCapacity] as { minSize: number; maxSize: number; desiredCapacity: number };
        expect(defaults).to.deep.include({
            GlobalClusterIdentifier: prod.outputs[PRIMARY_EXPORTS.databaseGlobalClusterId],
            TargetDbClusterArn: one(dr, "aws:rds/cluster:Cluster").state.arn,
            AutoScalingGroupName: one(dr, "aws:autoscaling/group:Group").state.name,
            PrimaryHealthCheckId: prod.outputs[PRIMARY_EXPORTS.appHealthCheckId],
            MinSize: capacity.minSize,
            MaxSize: capacity.maxSize,
            DesiredCapacity: capacity.desiredCapacity,
            AutomationAssumeRole: one(dr, "aws:iam/role:Role", "failover-role").state.arn,
        });
        const promote = policyOf(one(dr, "aws:iam/rolePolicy:RolePolicy", "failover-access")).Statement.find((s) => s.Sid === "PromoteTheSecondary");
        expect(promote?.Resource).to.include(prod.outputs[PRIMARY_EXPORTS.databaseClusterArn]);
        expect(dr.outputs.failoverDocumentName).to.equal(document.inputs.name);
    });

    it("alarms on DR posture: lag and latency to DR's topic, failed replications in prod's region to prod's topic", () => {
        const alarms = some(dr, "aws:cloudwatch/metricAlarm:MetricAlarm");
        const byMetric = (metric: string) => alarms.filter((a) => a.inputs.metricName === metric);
        const drTopic = one(dr, "aws:sns/topic:Topic", "operations-topic").state.arn;
        const [lag] = byMetric("AuroraGlobalDBReplicationLag");
        expect(lag.inputs.dimensions).to.deep.equal({ DBClusterIdentifier: one(dr, "aws:rds/cluster:Cluster").state.id });
        expect(lag.inputs.alarmActions).to.deep.equal([drTopic]);
        const [healthy] = byMetric("HealthyHostCount");
        expect(healthy.inputs.dimensions).to.deep.equal({ LoadBalancer: dr.outputs.albArnSuffix, TargetGroup: dr.outputs.targetGroupArnSuffix });
        const dims = {
            SourceBucket: prod.outputs[PRIMARY_EXPORTS.analyticsRawBucketName],
            DestinationBucket: dr.outputs.analyticsRawBucketName,
            RuleId: "to-dr-region",
        };
        const latency = byMetric("ReplicationLatency");
        expect(latency.map((a) => a.inputs.dimensions)).to.deep.include(dims);
        expect(latency.map(providerOf)).to.deep.equal(["aws-us-west-2", "aws-us-west-2"]);
        const failed = byMetric("OperationsFailedReplication");
        expect(failed.map((a) => a.inputs.dimensions)).to.deep.include(dims);
        expect(failed.map((a) => (a.inputs.dimensions as { SourceBucket: string }).SourceBucket)).to.have.members([
            prod.outputs[PRIMARY_EXPORTS.analyticsRawBucketName],
            prod.outputs[PRIMARY_EXPORTS.userUploadsBucketName],
        ]);
        for (const alarm of failed) {
            expect(providerOf(alarm)).to.equal("aws-primary");
            expect(alarm.inputs.alarmActions).to.deep.equal([prod.outputs[PRIMARY_EXPORTS.operationsTopicArn]]);
        }
    });

    it("watches DR with prod's standard alarms, metric for metric, on DR's own resources and topic", () => {
        type Alarm = RecordedResource & { inputs: { namespace: string; metricName: string; dimensions: Record<string, string>; alarmActions: string[] } };
        const onTopic = (run: OfflineRun) => {
            const topic = one(run, "aws:sns/topic:Topic", "operations-topic").state.arn;
            return (some(run, "aws:cloudwatch/metricAlarm:MetricAlarm") as Alarm[]).filter((a) => a.inputs.alarmActions.includes(String(topic)));
        };
        const metric = (a: Alarm) => `${a.inputs.namespace} ${a.inputs.metricName}`;
        const prodAlarms = onTopic(prod);
        const drAlarms = onTopic(dr);
        const cfg = parseStack("dr");
        // All of prod's but what DR cannot have: an RDS Proxy (none in DR's config), Route 53's
        // health-check metric, which exists in us-east-1 only, and the CIS alarms on the trail's
        // log group, which live with the account's one multi-Region trail (prod's).
        const cannot = [
            ...(cfg.database.proxy.enabled ? [] : ["AWS/RDS DatabaseConnectionsBorrowLatency"]),
            ...(dr.region === "us-east-1" ? [] : ["AWS/Route53 HealthCheckStatus"]),
            ...(cfg.security.cloudTrail ? [] : CIS_METRIC_FILTERS.map((f) => `${CIS_METRIC_NAMESPACE} ${f.metricName}`)),
        ];
        expect(prodAlarms.map(metric).filter((m) => !drAlarms.map(metric).includes(m))).to.have.members(cannot);
        // The same rows: names, statistics and periods match prod's for every shared metric.
        const row = (a: Alarm) => JSON.stringify([a.name, a.inputs.metricName, (a.inputs as Record<string, unknown>).statistic, (a.inputs as Record<string, unknown>).period]);
        const shared = prodAlarms.filter((a) => !cannot.includes(metric(a)));
        expect(drAlarms.map(row)).to.include.members(shared.map(row));
        // Each dimension names DR's resource, never prod's.
        const dlq = one(dr, "aws:sqs/queue:Queue", "notifications-dead-letter-queue").inputs.name;
        const expected: Record<string, unknown> = {
            LoadBalancer: dr.outputs.albArnSuffix,
            TargetGroup: dr.outputs.targetGroupArnSuffix,
            DBClusterIdentifier: one(dr, "aws:rds/cluster:Cluster").state.id,
            QueueName: dlq,
            DeliveryStreamName: dr.outputs.analyticsStreamName,
        };
        for (const alarm of drAlarms.filter((a) => shared.some((p) => p.name === a.name))) {
            for (const [key, value] of Object.entries(alarm.inputs.dimensions)) expect(value, `${alarm.name} ${key}`).to.equal(expected[key]);
        }
        expect(String(expected.QueueName)).to.match(/^startup-dr-/);
        // Plus DR's posture alarms, which prod has none of.
        expect(drAlarms.map(metric)).to.include.members(["AWS/RDS AuroraGlobalDBReplicationLag", "AWS/ApplicationELB HealthyHostCount", "AWS/S3 ReplicationLatency"]);
        // The dashboard shows them all.
        const body = String(one(dr, "aws:cloudwatch/dashboard:Dashboard", "dashboard-dashboard").inputs.dashboardBody);
        for (const alarm of drAlarms) expect(body, alarm.name).to.include(String(alarm.state.arn));
    });

    it("creates none of the account-wide resources, which prod owns", () => {
        for (const type of ACCOUNT_WIDE) {
            expect(some(dr, type).map((r) => r.name), type).to.deep.equal([]);
        }
    });

    it("fails, naming the output, when prod does not export something DR reads", async () => {
        for (const name of [PRIMARY_EXPORTS.dataKeyArn, PRIMARY_EXPORTS.userDataTableArn]) {
            const outputs = { ...prod.outputs };
            delete outputs[name];
            const error = await drFailure(outputs);
            expect(error.message).to.include(`startup-platform:dr.primaryStack: ${PRIMARY_STACK} does not export ${name}; deploy the primary first (pulumi up -s <primary>)`);
            // Nothing but the stack reference was registered.
            expect(error.registered).to.deep.equal(["pulumi:pulumi:StackReference primary"]);
        }
    });

    it("does not read what its config does not replicate", async () => {
        const config = readStackConfigFile("dr");
        config["startup-platform:dr"] = { ...(config["startup-platform:dr"] as object), replicateBuckets: ["analytics"], replicateUserDataTable: false };
        const outputs = { ...prod.outputs };
        for (const name of [PRIMARY_EXPORTS.userDataTableArn, PRIMARY_EXPORTS.userUploadsBucketName, PRIMARY_EXPORTS.userUploadsBucketArn]) delete outputs[name];
        const run = await runOffline({ stack: "dr", config, stackOutputs: { [PRIMARY_STACK]: outputs } });
        expect(some(run, "aws:dynamodb/tableReplica:TableReplica")).to.deep.equal([]);
        expect(some(run, "aws:s3/bucketReplicationConfig:BucketReplicationConfig").map((r) => r.name)).to.deep.equal(["analytics-replication-config"]);
    });

    it("fails against a primary without a global database, failover DNS or a replicated table (dev), saying what to set", async () => {
        const { dev } = await stackRuns();
        const error = await drFailure(dev.outputs);
        expect(error.message).to.include(`does not export ${PRIMARY_EXPORTS.databaseGlobalClusterId}, ${PRIMARY_EXPORTS.databaseEngineVersion}, ${PRIMARY_EXPORTS.databaseKmsKeyArn}`);
        expect(error.message).to.include("with database.globalDatabase: true, dns.routing: failover, identity.userDataReplicatedByDr: true in its config");
    });

    it("checks what only prod's outputs reveal: account, region, CIDR, engine version, secret replica", () => {
        const cfg = parseStack("dr");
        const good = {
            region: "us-east-1",
            vpcCidr: "10.20.0.0/16",
            databaseEngineVersion: cfg.database.engineVersion,
            databaseSecretReplicaRegions: ["us-west-2"],
            deployment: { accountId: MOCK_ACCOUNT_ID },
        };
        expect(drDeployTimeProblems(cfg, good, MOCK_ACCOUNT_ID)).to.deep.equal([]);
        const bad = {
            region: "us-west-2",
            vpcCidr: "10.30.0.0/20",
            databaseEngineVersion: "8.0.mysql_aurora.3.04.3",
            databaseSecretReplicaRegions: [],
            deployment: { accountId: "111122223333" },
        };
        expect(drDeployTimeProblems(cfg, bad, MOCK_ACCOUNT_ID)).to.deep.equal([
            `startup-platform:deployment: the DR stack deploys into ${MOCK_ACCOUNT_ID}, but its primary is in 111122223333; a warm standby holds replicas of the primary's multi-Region keys and database secret and the secondary of its global database, which live in the primary's account: deploy DR into 111122223333`,
            "aws:region: the DR stack must run in another region than its primary (us-west-2); got us-west-2",
            "startup-platform:network.cidr: 10.30.0.0/16 overlaps the primary's VPC 10.30.0.0/20; pick a disjoint block",
            `startup-platform:database.engineVersion: a global database's secondary runs the primary's engine version; set it to 8.0.mysql_aurora.3.04.3 (got ${cfg.database.engineVersion})`,
            "the primary does not replicate its database secret to us-west-2: add us-west-2 to startup-platform:database.secretReplicaRegions in the primary's stack file and deploy it first",
        ]);
    });

    it("stops on bad prod values before registering any resource but the stack reference, naming the file, the keys and what to set", async () => {
        const cfg = parseStack("dr");
        const error = await drFailure({
            ...prod.outputs,
            [PRIMARY_EXPORTS.region]: "us-west-2",
            [PRIMARY_EXPORTS.vpcCidr]: "10.30.0.0/20",
            [PRIMARY_EXPORTS.databaseEngineVersion]: "8.0.mysql_aurora.3.04.3",
            [PRIMARY_EXPORTS.databaseSecretReplicaRegions]: [],
        });
        // Only the stack reference and DR's own provider, whose caller identity the account check needs.
        expect(error.registered).to.deep.equal(["pulumi:pulumi:StackReference primary", "pulumi:providers:aws aws-us-west-2"]);
        expect(error.message).to.include("Invalid stack configuration in Pulumi.dr.yaml (4 problems)");
        expect(error.message).to.include("aws:region: the DR stack must run in another region than its primary (us-west-2)");
        expect(error.message).to.include("startup-platform:network.cidr: 10.30.0.0/16 overlaps the primary's VPC 10.30.0.0/20");
        expect(error.message).to.include(`startup-platform:database.engineVersion: a global database's secondary runs the primary's engine version; set it to 8.0.mysql_aurora.3.04.3 (got ${cfg.database.engineVersion})`);
        expect(error.message).to.include("add us-west-2 to startup-platform:database.secretReplicaRegions in the primary's stack file");
    });

    it("reads prod's secret outputs for the checks without repeating their values", async () => {
        const error = await drFailure({ ...prod.outputs, [PRIMARY_EXPORTS.vpcCidr]: "10.30.0.0/20" }, [PRIMARY_EXPORTS.vpcCidr]);
        expect(error.registered).to.deep.equal(["pulumi:pulumi:StackReference primary", "pulumi:providers:aws aws-us-west-2"]);
        expect(error.message).to.include("startup-platform:network.cidr: 10.30.0.0/16 overlaps the primary's VPC (prod's secret output vpcCidr); pick a disjoint block");
        expect(error.message).to.not.include("10.30.0.0/20");
        // With good values, secret outputs are read like the others and the stack builds.
        const run = await runOffline({
            stack: "dr",
            stackOutputs: { [PRIMARY_STACK]: prod.outputs },
            secretStackOutputs: { [PRIMARY_STACK]: [PRIMARY_EXPORTS.region, PRIMARY_EXPORTS.vpcCidr, PRIMARY_EXPORTS.databaseEngineVersion] },
        });
        expect(some(run, "pulumi:providers:aws").map((p) => p.inputs.region)).to.include(prod.outputs[PRIMARY_EXPORTS.region]);
    });

    it("names a prod output of the wrong shape instead of failing inside a resource", async () => {
        const error = await drFailure({ ...prod.outputs, [PRIMARY_EXPORTS.region]: 42, [PRIMARY_EXPORTS.databaseSecretReplicaRegions]: "us-west-2" });
        expect(error.registered).to.deep.equal(["pulumi:pulumi:StackReference primary"]);
        expect(error.message).to.include(`startup-platform:dr.primaryStack: ${PRIMARY_STACK} exports region as number, expected a non-empty string`);
        expect(error.message).to.include(`exports databaseSecretReplicaRegions as string, expected a list of region names`);
    });
});
