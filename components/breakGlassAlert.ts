import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { breakGlassEventPattern, breakGlassRuleName } from "../lib/accessPolicy";

/** What a Region's break-glass alert needs. */
export interface BreakGlassAlertArgs {
    /** Prefix of the rule's name (`<prefix>-break-glass-use`). */
    readonly namePrefix: string;
    /**
     * SNS topic of the stack's Region told of each use; its policy must let the Region's
     * EventBridge rules publish (lib/operations.ts) and its key admit events.amazonaws.com.
     */
    readonly alertTopicArn: pulumi.Input<string>;
}

/**
 * The EventBridge rule that reports every console sign-in and write API call by an IAM user or the
 * root user in the Region it is created in, and its target, the topic; `ruleName` is the rule's
 * logical name and the target's is `<ruleName>-alert`. EventBridge sees CloudTrail's events only in
 * the Region where they happen, so each Region people may work in needs its own. Shared by
 * TeamAccess (the managing stack's Region) and {@link BreakGlassAlert} (any other).
 */
export function breakGlassAlertRule(ruleName: string, args: BreakGlassAlertArgs, parent: pulumi.Resource): aws.cloudwatch.EventRule {
    const physical = breakGlassRuleName(args.namePrefix);
    const rule = new aws.cloudwatch.EventRule(
        ruleName,
        {
            name: physical,
            description: "Any console sign-in or write API call by an IAM user or the root user: with people in Identity Center, a break-glass use",
            eventPattern: JSON.stringify(breakGlassEventPattern()),
            tags: { Name: physical },
        },
        { parent },
    );
    new aws.cloudwatch.EventTarget(
        `${ruleName}-alert`,
        {
            rule: rule.name,
            arn: args.alertTopicArn,
            inputTransformer: {
                inputPaths: {
                    who: "$.detail.userIdentity.arn",
                    action: "$.detail.eventName",
                    kind: "$.detail-type",
                    from: "$.detail.sourceIPAddress",
                    region: "$.region",
                    time: "$.time",
                },
                inputTemplate: '"Break-glass use: <who> did <action> (<kind>) from <from> in <region> at <time>. If this was not planned, follow docs/security.md (Workforce access)."',
            },
        },
        { parent },
    );
    return rule;
}

/**
 * The break-glass alert of a Region other than the one whose stack manages the account (TeamAccess
 * has that one): the DR Region, where people work when the primary Region is down. One per account
 * and Region (`access.breakGlassAlerts`, a Region singleton in stacks/config/singletons.ts).
 */
export class BreakGlassAlert extends pulumi.ComponentResource {
    public readonly ruleArn: pulumi.Output<string>;

    constructor(name: string, args: BreakGlassAlertArgs, opts?: pulumi.ComponentResourceOptions) {
        super("startup:security:BreakGlassAlert", name, {}, opts);
        this.ruleArn = breakGlassAlertRule(`${name}-rule`, args, this).arn;
        this.registerOutputs({ ruleArn: this.ruleArn });
    }
}
