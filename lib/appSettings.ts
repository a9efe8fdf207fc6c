import { PolicyDocument, policyDocument } from "./policy";

/**
 * Where the app finds its runtime settings: SSM Parameter Store, one String parameter per setting
 * under `/<namePrefix>/app/`. The stack writes them once the resources they name exist (the
 * database is created after the app tier, whose security group it admits), and the instances read
 * the whole path at start (`aws ssm get-parameters-by-path`), so no setting lives in user data.
 */

/** The path of a stack's app settings, with a trailing slash. */
export function appSettingsPath(namePrefix: string): string {
    return `/${namePrefix}/app/`;
}

const SETTING_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/** Setting names are environment-variable names: upper case, digits and underscores. */
export function settingNameProblems(names: readonly string[]): string[] {
    return names.filter((n) => !SETTING_NAME.test(n)).map((n) => `setting name "${n}" must look like an environment variable (A-Z, 0-9, _)`);
}

export interface AppSettingsPolicyArgs {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly path: string;
}

/** Read-only access to the settings path and nothing else in Parameter Store. */
export function appSettingsReadPolicy(args: AppSettingsPolicyArgs): PolicyDocument {
    const base = `arn:${args.partition}:ssm:${args.region}:${args.accountId}:parameter${args.path.replace(/\/$/, "")}`;
    return policyDocument({
        Sid: "ReadAppSettings",
        Effect: "Allow",
        Action: ["ssm:GetParametersByPath", "ssm:GetParameters", "ssm:GetParameter"],
        // GetParametersByPath is authorized on the path itself, the others on each parameter.
        Resource: [base, `${base}/*`],
    });
}

/**
 * `DATABASE_MODE`: whether the app may write to its database.
 * - `read-write`: a primary stack's; the writer host takes writes.
 * - `read-only-until-promoted`: a DR stack's. The writer host is DR's own cluster endpoint, a
 *   global-database secondary that takes no writes until a switchover or failover promotes it;
 *   then it does, with no settings change or deploy. The app checks `SELECT @@innodb_read_only`
 *   on its writer connection (again after each reconnect), serves reads from the reader host and
 *   refuses writes while it is 1 or the writer is unreachable.
 */
export const DATABASE_MODES = { primary: "read-write", standby: "read-only-until-promoted" } as const;
export type DatabaseMode = (typeof DATABASE_MODES)[keyof typeof DATABASE_MODES];
