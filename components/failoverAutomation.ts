import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FleetCapacity, automationTrustPolicy, failoverAutomationPolicy, failoverRunbookDocument, failoverRunbookProblems } from "../lib/failover";
import { NAME_LIMITS, physicalName } from "../lib/naming";

export interface FailoverAutomationArgs {
    /** Prefix of AWS names (document, role). */
    readonly namePrefix: string;
    /** Region of the DR stack: the document and the fleet live here. */
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** The Aurora global database. */
    readonly globalClusterIdentifier: pulumi.Input<string>;
    /** ARN of the DR secondary cluster, which becomes the writer. */
    readonly targetClusterArn: pulumi.Input<string>;
    /** ARN of the primary's cluster, which becomes a secondary (switchover) or is detached (failover). */
    readonly primaryClusterArn: pulumi.Input<string>;
    /** The DR fleet's Auto Scaling group. */
    readonly autoScalingGroupName: pulumi.Input<string>;
    /** What the DR fleet is scaled to (the primary's sizes). */
    readonly capacity: pulumi.Input<FleetCapacity>;
    /** The Route 53 health check of the primary's half of the failover record. */
    readonly primaryHealthCheckId: pulumi.Input<string>;
}

/**
 * The failover runbook as an SSM Automation document in the DR region (lib/failover.ts), and the
 * role it runs as, allowed exactly its steps on these resources. An operator starts it with
 * `aws ssm start-automation-execution --document-name <documentName> --parameters Mode=failover`
 * (see docs/dr-runbook.md).
 */
export class FailoverAutomation extends pulumi.ComponentResource {
    public readonly documentName: pulumi.Output<string>;
    public readonly documentArn: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: FailoverAutomationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("startup:dr:FailoverAutomation", name, {}, opts);
        const roleName = physicalName(args.namePrefix, "failover-automation", NAME_LIMITS.iamRole);
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                name: roleName,
                description: "SSM Automation: promote the DR database, scale the DR fleet, pin DNS to DR",
                assumeRolePolicy: pulumi.all([args.partition, args.accountId]).apply(([partition, accountId]) => JSON.stringify(automationTrustPolicy(partition, accountId))),
                tags: { Name: roleName },
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-access`,
            {
                role: role.name,
                policy: pulumi
                    .all([args.partition, args.accountId, args.globalClusterIdentifier, args.targetClusterArn, args.primaryClusterArn, args.autoScalingGroupName, args.primaryHealthCheckId])
                    .apply(([partition, accountId, globalClusterIdentifier, target, primary, autoScalingGroupName, primaryHealthCheckId]) =>
                        JSON.stringify(
                            failoverAutomationPolicy({
                                partition,
                                accountId,
                                region: args.region,
                                globalClusterIdentifier,
                                clusterArns: [target, primary],
                                autoScalingGroupName,
                                primaryHealthCheckId,
                                namePrefix: args.namePrefix,
                            }),
                        ),
                    ),
            },
            { parent: this },
        );
        const content = pulumi
            .all([role.arn, args.globalClusterIdentifier, args.targetClusterArn, args.autoScalingGroupName, args.capacity, args.primaryHealthCheckId])
            .apply(([automationRoleArn, globalClusterIdentifier, targetClusterArn, autoScalingGroupName, capacity, primaryHealthCheckId]) => {
                const runbook = { automationRoleArn, globalClusterIdentifier, targetClusterArn, autoScalingGroupName, capacity, primaryHealthCheckId };
                const problems = failoverRunbookProblems(runbook);
                if (problems.length > 0) throw new Error(`FailoverAutomation ${name}: ${problems.join("; ")}`);
                return JSON.stringify(failoverRunbookDocument(runbook), null, 2);
            });
        const documentName = physicalName(args.namePrefix, "failover");
        const document = new aws.ssm.Document(
            `${name}-document`,
            { name: documentName, documentType: "Automation", documentFormat: "JSON", content, tags: { Name: documentName } },
            { parent: this },
        );

        this.documentName = document.name;
        this.documentArn = document.arn;
        this.roleArn = role.arn;
        this.registerOutputs({ documentName: this.documentName, documentArn: this.documentArn, roleArn: this.roleArn });
    }
}
