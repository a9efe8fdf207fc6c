import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmSpec, alarmDefinitions, operationsTopicPolicy } from "../lib/operations";
import { physicalName } from "../lib/naming";

export interface OperationsArgs {
    /** Prefix of AWS names (topic, alarms). */
    readonly namePrefix: string;
    /** Region of the topic and of the alarms that publish to it. */
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /**
     * KMS key that encrypts the topic; its policy must let cloudwatch.amazonaws.com (and
     * budgets.amazonaws.com when `allowBudgets`) use it (`topicKeyServices()` in lib/operations.ts).
     */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Addresses subscribed to the topic; each must confirm the subscription email. @default [] */
    readonly alertEmails?: readonly string[];
    /** Let AWS Budgets publish to the topic. @default OPERATIONS_DEFAULTS.allowBudgets */
    readonly allowBudgets?: boolean;
    /**
     * EventBridge rules (ARNs, known before the rules exist) that may publish to the topic; the
     * key must then let events.amazonaws.com use it (`topicKeyServices(budgets, true)`). @default []
     */
    readonly eventRuleArns?: pulumi.Input<pulumi.Input<string>[]>;
}

export const OPERATIONS_DEFAULTS = { allowBudgets: true } as const;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * The operations topic of a stack: an SNS topic encrypted with a customer-managed key, which
 * CloudWatch alarms and AWS Budgets of this account may publish to, with the on-call addresses
 * subscribed. Alarms are added through `addAlarms`, from tables such as `STANDARD_ALARMS`, and
 * always notify this topic on ALARM and on OK.
 */
export class Operations extends pulumi.ComponentResource {
    public readonly topicArn: pulumi.Output<string>;
    public readonly topicName: pulumi.Output<string>;
    private readonly baseName: string;
    private readonly namePrefix: string;
    private readonly alarms: aws.cloudwatch.MetricAlarm[] = [];
    private readonly alarmNames = new Set<string>();

    constructor(name: string, args: OperationsArgs, opts?: pulumi.ComponentResourceOptions) {
        const emails = args.alertEmails ?? [];
        const bad = emails.filter((e) => !EMAIL.test(e));
        if (bad.length > 0) throw new Error(`Operations ${name}: not email addresses: ${bad.join(", ")}`);
        if (new Set(emails).size !== emails.length) throw new Error(`Operations ${name}: alert emails repeat: ${emails.join(", ")}`);
        super("startup:ops:Operations", name, {}, opts);
        this.baseName = name;
        this.namePrefix = args.namePrefix;

        const topicName = physicalName(args.namePrefix, "operations");
        const topic = new aws.sns.Topic(
            `${name}-topic`,
            { name: topicName, displayName: `${args.namePrefix} operations`, kmsMasterKeyId: args.kmsKeyArn, tags: { Name: topicName } },
            { parent: this },
        );
        new aws.sns.TopicPolicy(
            `${name}-topic-policy`,
            {
                arn: topic.arn,
                policy: pulumi.all([topic.arn, args.accountId, args.partition, args.eventRuleArns ?? []]).apply(([topicArn, accountId, partition, eventRuleArns]) =>
                    JSON.stringify(
                        operationsTopicPolicy({
                            topicArn,
                            accountId,
                            partition,
                            region: args.region,
                            budgets: args.allowBudgets ?? OPERATIONS_DEFAULTS.allowBudgets,
                            eventRuleArns,
                        }),
                    ),
                ),
            },
            { parent: this },
        );
        emails.forEach((email, i) => {
            new aws.sns.TopicSubscription(`${name}-email-${i}`, { topic: topic.arn, protocol: "email", endpoint: email }, { parent: this });
        });

        this.topicArn = topic.arn;
        this.topicName = topic.name;
        this.registerOutputs({ topicArn: this.topicArn, topicName: this.topicName });
    }

    /**
     * Creates one CloudWatch alarm per row, named `<namePrefix>-<name>`, notifying the topic on
     * ALARM and OK. Throws, before creating any, if a row is invalid or a name is already used.
     */
    public addAlarms(specs: ReadonlyArray<AlarmSpec<pulumi.Input<string>>>): aws.cloudwatch.MetricAlarm[] {
        const definitions = alarmDefinitions(this.namePrefix, specs, this.alarmNames);
        const created = definitions.map(({ key, ...definition }) => {
            this.alarmNames.add(key);
            return new aws.cloudwatch.MetricAlarm(
                `${this.baseName}-alarm-${key}`,
                { ...definition, alarmActions: [this.topicArn], okActions: [this.topicArn], tags: { Name: definition.name } },
                { parent: this },
            );
        });
        this.alarms.push(...created);
        return created;
    }

    /** ARNs of every alarm added so far, e.g. for the dashboard's alarm widget. */
    public get alarmArns(): pulumi.Output<string>[] {
        return this.alarms.map((a) => a.arn);
    }
}
