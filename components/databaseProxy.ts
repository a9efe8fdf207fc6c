import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { MYSQL_PORT } from "../lib/aurora";
import { proxySecretAccessPolicy, rdsProxyTrustPolicy } from "../lib/databasePolicy";
import { NAME_LIMITS, physicalName } from "../lib/naming";
import { ProxySettings, proxySettingsSchema } from "../stacks/config/database";
import { parseSettings } from "../stacks/config/rules";

/** What the cluster wires into its proxy: names, network, the cluster, its secret and key. */
export interface DatabaseProxyWiring {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Region of the proxy and the secret; scopes the role's `kms:ViaService`. */
    readonly region: string;
    /** Account the role trusts RDS from. */
    readonly accountId: pulumi.Input<string>;
    /** VPC of the cluster (a proxy must share it). */
    readonly vpcId: pulumi.Input<string>;
    /** Subnets of the proxy and its read-only endpoint, in at least two zones (the cluster's isolated ones). */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups whose members may connect to the proxy on 3306 (the app tier). */
    readonly clientSecurityGroupIds: readonly pulumi.Input<string>[];
    /** The cluster's security group: the proxy may connect to it on 3306, and nowhere else. The cluster admits the proxy's group itself. */
    readonly clusterSecurityGroupId: pulumi.Input<string>;
    /** Identifier of the cluster the proxy targets. */
    readonly clusterIdentifier: pulumi.Input<string>;
    /** The cluster's instances, writer first: the target waits for them, and readers add a read-only endpoint. */
    readonly instances: readonly aws.rds.ClusterInstance[];
    /** The master secret the proxy logs in with. */
    readonly secretArn: pulumi.Input<string>;
    /** The key that encrypts the secret; the role may decrypt with it through Secrets Manager only. */
    readonly secretKmsKeyArn: pulumi.Input<string>;
    /** What must exist before the proxy reads the secret (a secret's first value). @default [] */
    readonly secretReady?: readonly pulumi.Resource[];
    /**
     * The component these resources belonged to before DatabaseProxy existed (the AuroraCluster
     * that creates this proxy): each keeps an alias to its URN there, so a stack deployed before
     * keeps its proxy instead of replacing it. @default - none
     */
    readonly formerParent?: pulumi.Resource;
}

/**
 * The proxy's settings are `database.proxy` (without `enabled`), declared once in
 * stacks/config/database.ts with its defaults and rule table, plus what the cluster wires in.
 */
export type DatabaseProxyArgs = z.input<typeof proxySettingsSchema> & DatabaseProxyWiring;

/**
 * An RDS Proxy in front of an Aurora MySQL cluster: TLS required, logging in with the master
 * secret (client IAM auth per settings), a role that may read only that secret and decrypt it
 * only through Secrets Manager, its own security group (3306 from the clients, out to the cluster
 * only), the pool settings on the default target group, the cluster as target, and a read-only
 * endpoint when the cluster has readers.
 */
export class DatabaseProxy extends pulumi.ComponentResource {
    /** The default (read/write) endpoint. */
    public readonly endpoint: pulumi.Output<string>;
    /** ARN of the proxy (its `prx-...` id is what `rds-db:connect` policies name). */
    public readonly arn: pulumi.Output<string>;
    /** The read-only endpoint; undefined without readers. */
    public readonly readOnlyEndpoint: pulumi.Output<string | undefined>;
    /** Security group of the proxy; admit it where the proxy connects. */
    public readonly securityGroupId: pulumi.Output<string>;
    private readonly formerParent: pulumi.Resource | undefined;

    constructor(name: string, args: DatabaseProxyArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("DatabaseProxy", name, proxySettingsSchema, args);
        super("startup:data:DatabaseProxy", name, {}, opts);
        this.formerParent = args.formerParent;

        const proxyName = physicalName(args.namePrefix, "aurora-proxy", NAME_LIMITS.rds);
        const sg = this.securityGroup(name, args, proxyName);
        const { role, access } = this.role(name, args);
        const proxy = this.proxy(name, args, s, { proxyName, sg, role, dependsOn: [access, ...(args.secretReady ?? [])] });
        this.target(name, args, s, proxy);
        const readOnly = args.instances.length > 1 ? this.readOnly(name, args, proxy, sg) : undefined;

        this.endpoint = proxy.endpoint;
        this.arn = proxy.arn;
        this.readOnlyEndpoint = readOnly ? readOnly.endpoint : pulumi.output(undefined);
        this.securityGroupId = sg.id;
        this.registerOutputs({ endpoint: this.endpoint, arn: this.arn, readOnlyEndpoint: this.readOnlyEndpoint, securityGroupId: this.securityGroupId });
    }

    /** Options of every child: parented here, with an alias to its URN under the former parent. */
    private child(extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
        return { parent: this, ...(this.formerParent ? { aliases: [{ parent: this.formerParent }] } : {}), ...extra };
    }

    /**
     * The proxy's group: 3306 in from each client group; out, 3306 to the cluster and HTTPS for
     * Secrets Manager. AWS does not say whether the proxy reads its secret from inside the VPC;
     * reports say it does, so the group allows it and prod's VPC has a `secretsmanager` interface
     * endpoint (the subnets are isolated), as the rotation function needs anyway (docs/database.md).
     */
    private securityGroup(name: string, args: DatabaseProxyArgs, proxyName: string): aws.ec2.SecurityGroup {
        const sg = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            { name: proxyName, description: "RDS Proxy: 3306 from the app tier, out to the Aurora cluster and to Secrets Manager", vpcId: args.vpcId, tags: { Name: proxyName } },
            this.child(),
        );
        args.clientSecurityGroupIds.forEach(
            (client, i) =>
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-from-client-${i}`,
                    {
                        securityGroupId: sg.id,
                        referencedSecurityGroupId: client,
                        ipProtocol: "tcp",
                        fromPort: MYSQL_PORT,
                        toPort: MYSQL_PORT,
                        description: "MySQL from an app-tier client",
                    },
                    this.child(),
                ),
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-to-cluster`,
            {
                securityGroupId: sg.id,
                referencedSecurityGroupId: args.clusterSecurityGroupId,
                ipProtocol: "tcp",
                fromPort: MYSQL_PORT,
                toPort: MYSQL_PORT,
                description: "MySQL to the Aurora cluster",
            },
            this.child(),
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-to-secrets-manager`,
            { securityGroupId: sg.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "HTTPS to the Secrets Manager API (the VPC's interface endpoint where there is one)" },
            // New since the move under DatabaseProxy: nothing to alias.
            { parent: this },
        );
        return sg;
    }

    /** The role RDS assumes to read the secret: that one secret, decrypted with that one key via Secrets Manager. */
    private role(name: string, args: DatabaseProxyArgs): { role: aws.iam.Role; access: aws.iam.RolePolicy } {
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                name: physicalName(args.namePrefix, "aurora-proxy", NAME_LIMITS.iamRole),
                assumeRolePolicy: pulumi.output(args.accountId).apply((id) => JSON.stringify(rdsProxyTrustPolicy(id))),
            },
            this.child(),
        );
        const access = new aws.iam.RolePolicy(
            `${name}-secret-access`,
            {
                role: role.id,
                policy: pulumi
                    .all([args.secretArn, args.secretKmsKeyArn])
                    .apply(([secretArn, kmsKeyArn]) => JSON.stringify(proxySecretAccessPolicy({ secretArn, kmsKeyArn, region: args.region }))),
            },
            this.child(),
        );
        return { role, access };
    }

    /** The proxy itself (it takes the component's name: its URN differs by type), TLS only, logging in with the secret. */
    private proxy(
        name: string,
        args: DatabaseProxyArgs,
        s: ProxySettings,
        on: { proxyName: string; sg: aws.ec2.SecurityGroup; role: aws.iam.Role; dependsOn: pulumi.Resource[] },
    ): aws.rds.Proxy {
        return new aws.rds.Proxy(
            name,
            {
                name: on.proxyName,
                engineFamily: "MYSQL",
                requireTls: true,
                roleArn: on.role.arn,
                auths: [{ authScheme: "SECRETS", secretArn: args.secretArn, iamAuth: s.iamAuth, description: "Aurora master credentials" }],
                idleClientTimeout: s.idleClientTimeoutSeconds,
                debugLogging: false,
                vpcSubnetIds: args.subnetIds,
                vpcSecurityGroupIds: [on.sg.id],
                tags: { Name: on.proxyName },
            },
            this.child({ dependsOn: on.dependsOn }),
        );
    }

    /** The pool settings on the default target group, and the cluster as its target once the instances exist. */
    private target(name: string, args: DatabaseProxyArgs, s: ProxySettings, proxy: aws.rds.Proxy): void {
        const pool = new aws.rds.ProxyDefaultTargetGroup(
            `${name}-pool`,
            {
                dbProxyName: proxy.name,
                connectionPoolConfig: {
                    maxConnectionsPercent: s.maxConnectionsPercent,
                    maxIdleConnectionsPercent: s.maxIdleConnectionsPercent,
                    connectionBorrowTimeout: s.connectionBorrowTimeoutSeconds,
                },
            },
            this.child(),
        );
        new aws.rds.ProxyTarget(
            `${name}-target`,
            { dbProxyName: proxy.name, targetGroupName: pool.name, dbClusterIdentifier: args.clusterIdentifier },
            this.child({ dependsOn: [...args.instances] }),
        );
    }

    /** A `READ_ONLY` endpoint that spreads connections over the readers. */
    private readOnly(name: string, args: DatabaseProxyArgs, proxy: aws.rds.Proxy, sg: aws.ec2.SecurityGroup): aws.rds.ProxyEndpoint {
        const readOnlyName = physicalName(args.namePrefix, "aurora-proxy-ro", NAME_LIMITS.rds);
        return new aws.rds.ProxyEndpoint(
            `${name}-read-only`,
            {
                dbProxyName: proxy.name,
                dbProxyEndpointName: readOnlyName,
                targetRole: "READ_ONLY",
                vpcSubnetIds: args.subnetIds,
                vpcSecurityGroupIds: [sg.id],
                tags: { Name: readOnlyName },
            },
            this.child(),
        );
    }
}
