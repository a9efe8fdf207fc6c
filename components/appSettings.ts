import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { appSettingsPath, appSettingsReadPolicy, settingNameProblems } from "../lib/appSettings";
import { physicalName } from "../lib/naming";

export interface AppSettingsArgs {
    /** Prefix of AWS names; the settings live under `/<namePrefix>/app/`. */
    readonly namePrefix: string;
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
}

/**
 * The app's runtime settings (endpoints, queue URLs, ARNs) as Parameter Store strings, and the
 * managed policy that lets the app read them. Created before the app tier, so the instances get
 * the policy and the path; `publish` writes the values once the resources they name exist.
 */
export class AppSettings extends pulumi.ComponentResource {
    /** The parameter path, e.g. `/startup-prod/app/`. */
    public readonly path: string;
    public readonly readPolicyArn: pulumi.Output<string>;
    private readonly baseName: string;
    private readonly published = new Set<string>();

    constructor(name: string, args: AppSettingsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("startup:compute:AppSettings", name, {}, opts);
        this.baseName = name;
        this.path = appSettingsPath(args.namePrefix);
        const policy = new aws.iam.Policy(
            `${name}-read-policy`,
            {
                name: physicalName(args.namePrefix, "app-settings-read"),
                description: `Read the app settings under ${this.path}`,
                policy: pulumi
                    .all([args.accountId, args.partition])
                    .apply(([accountId, partition]) =>
                        JSON.stringify(appSettingsReadPolicy({ partition, region: args.region, accountId, path: this.path })),
                    ),
            },
            { parent: this },
        );
        this.readPolicyArn = policy.arn;
        this.registerOutputs({ path: this.path, readPolicyArn: this.readPolicyArn });
    }

    /** Writes settings (name -> value); each name once. */
    public publish(settings: Readonly<Record<string, pulumi.Input<string>>>): aws.ssm.Parameter[] {
        const names = Object.keys(settings);
        const problems = [
            ...settingNameProblems(names),
            ...names.filter((n) => this.published.has(n)).map((n) => `setting ${n} is published twice`),
        ];
        if (problems.length > 0) throw new Error(`AppSettings ${this.baseName}: ${problems.join("; ")}`);
        return names.sort().map((key) => {
            this.published.add(key);
            return new aws.ssm.Parameter(
                `${this.baseName}-${key.toLowerCase().replace(/_/g, "-")}`,
                { name: `${this.path}${key}`, type: "String", tier: "Standard", value: settings[key] },
                { parent: this },
            );
        });
    }
}
