import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { AlarmSpec, RdsEventSubscriptionSpec, alarmDefinitions, operationsTopicPolicy } from "../lib/operations";
import { physicalName } from "../lib/naming";
import { operationsTopicSettingsSchema } from "../stacks/config/operations";
import { parseSettings } from "../stacks/config/rules";

/** What the stack wires into the operations topic. */
export interface OperationsWiring {
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
    /** Let AWS Budgets publish to the topic. @default OPERATIONS_DEFAULTS.allowBudgets */
    readonly allowBudgets?: boolean;
    /**
     * Let RDS event subscriptions publish to the topic; the key must then also let
     * events.rds.amazonaws.com use it (`topicKeyServices()`). @default OPERATIONS_DEFAULTS.allowRdsEvents
     */
    readonly allowRdsEvents?: boolean;
}

/**
 * The on-call addresses of the `operations` section (stacks/config/operations.ts: `alertEmails`,
 * each subscribed and confirming by email) plus the wiring.
 */
export type OperationsArgs = z.input<typeof operationsTopicSettingsSchema> & OperationsWiring;

/** Defaults of the topic's wiring; the settings' defaults are OPERATIONS_CONFIG_DEFAULTS (stacks/config/operations.ts). */
export const OPERATIONS_DEFAULTS = { allowBudgets: true, allowRdsEvents: true } as const;

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
    private readonly subscriptionNames = new Set<string>();
    private readonly allowRdsEvents: boolean;

    constructor(name: string, args: OperationsArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("Operations", name, operationsTopicSettingsSchema, args);
        super("startup:ops:Operations", name, {}, opts);
        this.baseName = name;
        this.namePrefix = args.namePrefix;
        this.allowRdsEvents = args.allowRdsEvents ?? OPERATIONS_DEFAULTS.allowRdsEvents;

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
                policy: pulumi.all([topic.arn, args.accountId, args.partition]).apply(([topicArn, accountId, partition]) =>
                    JSON.stringify(
                        operationsTopicPolicy({
                            topicArn,
                            accountId,
                            partition,
                            region: args.region,
                            budgets: args.allowBudgets ?? OPERATIONS_DEFAULTS.allowBudgets,
                            rdsEvents: this.allowRdsEvents,
                        }),
                    ),
                ),
            },
            { parent: this },
        );
        s.alertEmails.forEach((email, i) => {
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

    /**
     * Creates one RDS event subscription per row, named `<namePrefix>-<name>`, publishing to the
     * topic. Throws, before creating any, if the topic does not take RDS events or a name repeats.
     */
    public addRdsEventSubscriptions(specs: ReadonlyArray<RdsEventSubscriptionSpec<pulumi.Input<string>>>): aws.rds.EventSubscription[] {
        if (!this.allowRdsEvents) throw new Error(`Operations ${this.baseName}: the topic does not let RDS publish (allowRdsEvents: false)`);
        const repeated = specs.filter((spec, i) => this.subscriptionNames.has(spec.name) || specs.findIndex((o) => o.name === spec.name) !== i);
        if (repeated.length > 0) throw new Error(`Operations ${this.baseName}: RDS event subscription names already used: ${repeated.map((r) => r.name).join(", ")}`);
        return specs.map((spec) => {
            this.subscriptionNames.add(spec.name);
            const name = `${this.namePrefix}-${spec.name}`;
            return new aws.rds.EventSubscription(
                `${this.baseName}-${spec.name}`,
                {
                    name,
                    snsTopic: this.topicArn,
                    sourceType: spec.sourceType,
                    eventCategories: [...spec.eventCategories],
                    ...(spec.sourceIds.length > 0 ? { sourceIds: [...spec.sourceIds] } : {}),
                    enabled: true,
                    tags: { Name: name },
                },
                { parent: this },
            );
        });
    }

    /** ARNs of every alarm added so far, e.g. for the dashboard's alarm widget. */
    public get alarmArns(): pulumi.Output<string>[] {
        return this.alarms.map((a) => a.arn);
    }
}
