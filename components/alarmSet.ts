import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmSpec, alarmDefinitions } from "../lib/operations";

export interface AlarmSetArgs {
    /** Prefix of the alarm names: `<namePrefix>-<row name>`. */
    readonly namePrefix: string;
    /** SNS topic notified on ALARM and OK; in the provider's region (CloudWatch's actions are regional). */
    readonly topicArn: pulumi.Input<string>;
    /** The alarms, as table rows (lib/operations.ts). */
    readonly alarms: ReadonlyArray<AlarmSpec<pulumi.Input<string>>>;
}

/**
 * CloudWatch alarms on metrics that another region publishes, notifying that region's operations
 * topic: the DR stack watches the S3 replication failures that S3 reports in the primary region,
 * with a provider for that region, and tells the primary's on-call topic. Same rows and naming as
 * `Operations.addAlarms`.
 */
export class AlarmSet extends pulumi.ComponentResource {
    public readonly alarmArns: pulumi.Output<string>[];

    constructor(name: string, args: AlarmSetArgs, opts?: pulumi.ComponentResourceOptions) {
        // Throws on an invalid row before anything is registered.
        const definitions = alarmDefinitions(args.namePrefix, args.alarms);
        super("startup:ops:AlarmSet", name, {}, opts);
        const alarms = definitions.map(
            ({ key, ...definition }) =>
                new aws.cloudwatch.MetricAlarm(
                    `${name}-${key}`,
                    { ...definition, alarmActions: [args.topicArn], okActions: [args.topicArn], tags: { Name: definition.name } },
                    { parent: this },
                ),
        );
        this.alarmArns = alarms.map((a) => a.arn);
        this.registerOutputs({ alarmArns: this.alarmArns });
    }
}
