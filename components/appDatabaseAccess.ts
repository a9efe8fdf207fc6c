import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { appDatabaseLoginPolicy, proxyResourceId } from "../lib/databasePolicy";
import { physicalName } from "../lib/naming";

/** How the app logs in, with values that may come from resources not created yet. */
export type AppDatabaseLogin =
    | {
          /** An IAM auth token for one database user, through an RDS Proxy that requires IAM authentication. */
          readonly kind: "iam";
          /** ARN of the proxy (`...:db-proxy:prx-...`); its `prx-` id is what the grant names. */
          readonly proxyArn: pulumi.Input<string>;
          /** The database user the proxy logs in as (the user of its secret). */
          readonly dbUser: string;
      }
    | {
          /** The user and password of a Secrets Manager secret. */
          readonly kind: "secret";
          readonly secretArn: pulumi.Input<string>;
          /** The customer-managed key of the secret. @default - the AWS managed key `aws/secretsmanager` (no KMS grant needed) */
          readonly kmsKeyArn?: pulumi.Input<string>;
      };

export interface AppDatabaseAccessArgs {
    /** Prefix of AWS names (the inline policy's). */
    readonly namePrefix: string;
    /** Region of the database (and of the secret or proxy). */
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Name of the app instances' role. */
    readonly roleName: pulumi.Input<string>;
    /** The login the app settings name (`DATABASE_AUTH`). */
    readonly login: AppDatabaseLogin;
}

/**
 * Lets the app instances log in to their database the way their settings say: `rds-db:connect` as
 * one user on the proxy, or reading one secret (and decrypting it through Secrets Manager with its
 * customer-managed key). An inline policy on the instances' role, created once the database exists:
 * the database is built after the app tier, whose security group it admits.
 */
export class AppDatabaseAccess extends pulumi.ComponentResource {
    /** Name of the inline policy. */
    public readonly policyName: pulumi.Output<string>;
    /** The role it is put on. */
    public readonly roleName: pulumi.Output<string>;

    constructor(name: string, args: AppDatabaseAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        if (args.login.kind === "iam" && args.login.dbUser === "") throw new Error(`AppDatabaseAccess ${name}: dbUser must name the database user`);
        super("startup:data:AppDatabaseAccess", name, {}, opts);

        const login = args.login;
        const document =
            login.kind === "iam"
                ? pulumi.all([args.partition, args.accountId, login.proxyArn]).apply(([partition, accountId, proxyArn]) =>
                      appDatabaseLoginPolicy({ kind: "iam", partition, accountId, region: args.region, resourceId: proxyResourceId(proxyArn), dbUser: login.dbUser }),
                  )
                : pulumi
                      .all([login.secretArn, login.kmsKeyArn])
                      .apply(([secretArn, kmsKeyArn]) => appDatabaseLoginPolicy({ kind: "secret", secretArn, kmsKeyArn, region: args.region }));
        const policy = new aws.iam.RolePolicy(
            `${name}-policy`,
            {
                name: physicalName(args.namePrefix, "app-database-login"),
                role: args.roleName,
                policy: document.apply((doc) => JSON.stringify(doc)),
            },
            { parent: this },
        );

        this.policyName = policy.name;
        this.roleName = policy.role;
        this.registerOutputs({ policyName: this.policyName, roleName: this.roleName });
    }
}
