import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PROJECT } from "../lib/constants";
import { SESSION_KEY_PURPOSE, SESSION_LOG_GROUP, SESSION_PREFERENCES_DOCUMENT, sessionPreferencesDocument } from "../lib/sessionManager";
import { sessionManagerSettingsSchema } from "../stacks/config/access";
import { parseSettings } from "../stacks/config/rules";
import { PlatformKey } from "./platformKey";

/** What the stack wires into the Region's preferences. */
export interface SessionPreferencesWiring {
    /** Region of the provider: the preferences, key and log group are regional. */
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Pulumi-protect the key. @default false */
    readonly protect?: boolean;
    /**
     * Keep the security log groups (and the key that encrypts them) in AWS when the stack is
     * destroyed: prod environments. Not `protect`, which a teardown turns off first. @default false
     */
    readonly keepSecurityLogs?: boolean;
}

/**
 * The `access.sessionManager` settings (stacks/config/access.ts: log retention, idle and maximum
 * session minutes, streaming) plus the wiring.
 */
export type SessionPreferencesArgs = z.input<typeof sessionManagerSettingsSchema> & SessionPreferencesWiring;

/**
 * The account's Session Manager preferences in one Region: the `SSM-SessionManagerRunShell`
 * document that every shell session reads, logging each session to a KMS-encrypted log group and
 * encrypting session data with a KMS key. The log group and key alias are named after the project,
 * not the stack (`lib/sessionManager.ts`), because every stack in the account and Region uses them
 * and grants its instances access by those names. One per account and Region: CreateDocument fails
 * if the document exists (the console creates it when someone saves preferences there); delete it
 * or import it first (docs/security.md).
 */
export class SessionPreferences extends pulumi.ComponentResource {
    public readonly documentName: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;
    public readonly logGroupArn: pulumi.Output<string>;
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: SessionPreferencesArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("SessionPreferences", name, sessionManagerSettingsSchema, args);
        super("startup:security:SessionPreferences", name, {}, opts);

        // Encrypts session data and the log group, which cloudWatchEncryptionEnabled requires.
        const key = new PlatformKey(
            `${name}-key`,
            {
                purpose: SESSION_KEY_PURPOSE,
                namePrefix: PROJECT,
                accountId: args.accountId,
                partition: args.partition,
                region: args.region,
                services: [`logs.${args.region}.amazonaws.com`],
                protect: args.protect,
                // Kept like the session log group it encrypts.
                retainOnDelete: args.keepSecurityLogs === true,
            },
            { parent: this },
        );
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { name: SESSION_LOG_GROUP, retentionInDays: s.logRetentionDays, kmsKeyId: key.keyArn, tags: { Name: SESSION_LOG_GROUP } },
            { parent: this, retainOnDelete: args.keepSecurityLogs === true },
        );
        const document = new aws.ssm.Document(
            `${name}-document`,
            {
                name: SESSION_PREFERENCES_DOCUMENT,
                documentType: "Session",
                documentFormat: "JSON",
                content: pulumi.all([logGroup.name, key.keyId]).apply(([logGroupName, kmsKeyId]) =>
                    JSON.stringify(
                        sessionPreferencesDocument({
                            logGroupName,
                            kmsKeyId,
                            idleTimeoutMinutes: s.idleTimeoutMinutes,
                            maxSessionMinutes: s.maxSessionMinutes,
                            streamLogs: s.streamLogs,
                        }),
                    ),
                ),
                tags: { Name: SESSION_PREFERENCES_DOCUMENT },
            },
            { parent: this },
        );

        this.documentName = document.name;
        this.logGroupName = logGroup.name;
        this.logGroupArn = logGroup.arn;
        this.keyArn = key.keyArn;
        this.registerOutputs({ documentName: this.documentName, logGroupName: this.logGroupName, logGroupArn: this.logGroupArn, keyArn: this.keyArn });
    }
}
