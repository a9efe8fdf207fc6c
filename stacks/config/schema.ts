import { z } from "zod";
import { zoneProblem } from "../../lib/regions";
import { databaseCrossFieldRules, databaseSchema } from "./database";
import { drSchema } from "./dr";
import { analyticsSchema } from "./analytics";
import { assetsSchema, fleetSchema } from "./fleet";
import { accessSchema } from "./access";
import { deploymentSchema } from "./deployment";
import { backupSchema } from "./backup";
import { budgetSchema } from "./budget";
import { networkSchema } from "./network";
import { awsRegion, crossFieldIssue } from "./rules";
import { operationsSchema } from "./operations";
import { securitySchema } from "./security";
import { identitySchema } from "./identity";
import { notificationsSchema } from "./notifications";

/**
 * The stack configuration: every key this program reads, in one schema. Each key lives in the
 * `startup-platform:` namespace of `Pulumi.<stack>.yaml` (the region is the standard `aws:region`).
 * Sections with many keys have a file of their own beside this one. `docs/config.md` is generated
 * from this schema (`npm run docs:config`), so descriptions and defaults are written once, here.
 */

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export const ROLES = ["primary", "dr"] as const;

export const dnsSchema = z
    .strictObject({
        zoneName: z
            .string()
            .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, { message: "expected a DNS zone name such as example.com" })
            .describe("Public Route 53 hosted zone the platform's records live in (must already exist)."),
        hostedZoneId: z
            .string()
            .regex(/^Z[A-Z0-9]{4,31}$/, { message: "expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ" })
            .describe("Id of that hosted zone."),
        appHostname: z
            .string()
            .regex(/^[a-z0-9-]+$/, { message: "expected a single DNS label such as app" })
            .default("app")
            .describe("Label of the application's public name: <appHostname>.<zoneName>."),
        routing: z
            .enum(["simple", "failover"])
            .default("simple")
            .describe(
                "How the app name answers. simple: an alias to this stack's load balancer (dev). failover: one half of a Route 53 failover pair with a health check: PRIMARY in a primary stack (prod), SECONDARY in a DR stack, which must say failover.",
            ),
    })
    .describe("Public DNS: the hosted zone for certificates, the app record and DR failover.");

/** Every top-level key, by its short name (without the `startup-platform:` namespace). */
export const configShape = {
    region: awsRegion().describe("AWS region of the stack (a commercial region: lib/regions.ts lists them), set as the standard `aws:region` key."),
    environment: z.enum(ENVIRONMENTS).describe("Environment class: sizes, protection and alert routing follow it."),
    role: z
        .enum(ROLES)
        .default("primary")
        .describe("primary serves traffic (dev, prod); dr is the warm standby of a primary stack in another region."),
    owner: z
        .string()
        .min(1, { message: "expected a non-empty team name" })
        .describe("Team that owns the stack; becomes the Owner tag on every resource."),
    costCenter: z
        .string()
        .min(1, { message: "expected a non-empty cost centre" })
        .describe("Cost centre billed for the stack; becomes the CostCenter tag and scopes the budget."),
    namePrefix: z
        .string()
        .regex(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/, {
            message: "expected 3-20 lower-case letters, digits or hyphens, starting with a letter",
        })
        .optional()
        .describe("Prefix of every AWS resource name. Default: startup-<stack>."),
    protect: z
        .boolean()
        .optional()
        .describe(
            "Protect stateful resources (Pulumi protect, deletion protection); off, buckets and vaults are destroyed with their contents. Default: true in prod. A prod-environment primary's database keeps a final snapshot either way.",
        ),
    dns: dnsSchema,
    network: networkSchema,
    database: databaseSchema,
    analytics: analyticsSchema,
    fleet: fleetSchema,
    assets: assetsSchema,
    identity: identitySchema.optional(),
    notifications: notificationsSchema,
    dr: drSchema.optional(),
    deployment: deploymentSchema,
    access: accessSchema,
    security: securitySchema,
    budget: budgetSchema,
    operations: operationsSchema,
    backup: backupSchema,
};

export const configSchema = z.strictObject(configShape).superRefine((cfg, ctx) => {
    if (cfg.role === "dr" && cfg.dr === undefined) {
        crossFieldIssue(ctx, ["dr"], "is required when role is dr: set dr.primaryStack to the primary's org/project/stack");
    }
    if (cfg.role === "dr" && cfg.dns.routing !== "failover") {
        crossFieldIssue(ctx, ["dns", "routing"], "a DR stack answers as the SECONDARY half of a failover pair; set failover (and failover in its primary's stack)");
    }
    if (cfg.role === "primary" && cfg.dr !== undefined) {
        crossFieldIssue(ctx, ["dr"], "only applies when role is dr; remove it or set role: dr");
    }
    if (cfg.role === "primary" && cfg.identity === undefined) {
        crossFieldIssue(ctx, ["identity"], "is required on a primary stack: set at least identity.mobileCallbackUrls, such as [myapp://callback]");
    }
    const customDomain = cfg.identity?.customDomain?.domainName;
    if (customDomain !== undefined && !customDomain.endsWith(`.${cfg.dns.zoneName}`)) {
        crossFieldIssue(ctx, ["identity", "customDomain", "domainName"], `"${customDomain}" is not inside dns.zoneName ${cfg.dns.zoneName}; its alias record goes in that zone`);
    }
    if (cfg.role === "dr" && cfg.identity !== undefined) {
        crossFieldIssue(ctx, ["identity"], "only applies to primary stacks: the DR stack keeps using the primary's user pool; remove it");
    }
    cfg.network.availabilityZones.forEach((az, i) => {
        const problem = zoneProblem(az, cfg.region);
        if (problem !== undefined) crossFieldIssue(ctx, ["network", "availabilityZones", i], problem);
    });
    if (cfg.environment === "prod" && cfg.role === "primary" && cfg.network.availabilityZones.length < 3) {
        crossFieldIssue(ctx, ["network", "availabilityZones"], `prod needs at least 3 availability zones, got ${cfg.network.availabilityZones.length}`);
    }
    // Account.1: nothing has to exist first and only this stack can set it, so prod does not launch without it.
    if (cfg.environment === "prod" && cfg.role === "primary" && cfg.access.manageAccount && cfg.access.securityContact === undefined) {
        crossFieldIssue(
            ctx,
            ["access", "securityContact"],
            "is required in prod on the stack that manages the account: AWS sends security notices (exposed credentials, abuse reports) to it besides the root email (Security Hub Account.1); set name, title, emailAddress and phoneNumber",
        );
    }
    if (cfg.security.guardrails?.s3AccountPublicAccessBlock && !cfg.access.manageAccount) {
        crossFieldIssue(
            ctx,
            ["security", "guardrails", "s3AccountPublicAccessBlock"],
            "is account-wide: only the stack that manages the account (access.manageAccount: true) turns it on; set false here",
        );
    }
    if (cfg.assets.hostname !== undefined && cfg.assets.hostname === cfg.dns.appHostname) {
        crossFieldIssue(ctx, ["assets", "hostname"], `"${cfg.assets.hostname}" is already dns.appHostname (the app's name); pick another label such as assets`);
    }
    databaseCrossFieldRules(cfg, (path, message) => crossFieldIssue(ctx, path, message));
});

export type StackSettings = z.infer<typeof configSchema>;
