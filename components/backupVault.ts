import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_VAULT_NAME } from "../lib/backup";

export interface BackupVaultArgs {
    /** Vault name, 2-50 letters, digits, hyphens or underscores. */
    readonly vaultName: string;
    /** KMS key (PlatformKey) that encrypts the recovery points. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /**
     * Protect the vault from `pulumi destroy`. Unprotected, the vault is destroyed with its
     * recovery points (AWS refuses to delete a vault that holds any). @default false
     */
    readonly protect?: boolean;
}

/**
 * An AWS Backup vault encrypted with a customer-managed key. The primary stack keeps its recovery
 * points in one; the DR stack creates one that only receives the primary's cross-region copies.
 */
export class BackupVault extends pulumi.ComponentResource {
    public readonly vaultName: pulumi.Output<string>;
    public readonly vaultArn: pulumi.Output<string>;

    constructor(name: string, args: BackupVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        if (!BACKUP_VAULT_NAME.test(args.vaultName)) {
            throw new Error(`BackupVault ${name}: "${args.vaultName}" is not a vault name (2-50 letters, digits, hyphens or underscores)`);
        }
        super("startup:ops:BackupVault", name, {}, opts);
        const vault = new aws.backup.Vault(
            `${name}-vault`,
            { name: args.vaultName, kmsKeyArn: args.kmsKeyArn, forceDestroy: args.protect !== true, tags: { Name: args.vaultName } },
            { parent: this, protect: args.protect },
        );
        this.vaultName = vault.name;
        this.vaultArn = vault.arn;
        this.registerOutputs({ vaultName: this.vaultName, vaultArn: this.vaultArn });
    }
}
