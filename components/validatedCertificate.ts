import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ValidatedCertificateArgs {
    /** The name the certificate is issued for, e.g. `assets.example.com`. */
    readonly domainName: string;
    /** Public Route 53 zone the DNS validation record goes in (it must contain `domainName`). */
    readonly hostedZoneId: pulumi.Input<string>;
    /**
     * The component these resources were children of before they moved here (AppFleet issued its
     * certificate itself, as `<name>`, `<name>-validation` and `<name>-ready`): aliases keep a
     * deployed certificate and its record instead of replacing them. @default - none
     */
    readonly formerParent?: pulumi.Resource;
}

/**
 * An ACM certificate validated by DNS in a Route 53 zone: the certificate, its validation record
 * and the wait for the certificate to be issued. The certificate lives in the region of the
 * provider the component is given (CloudFront needs us-east-1).
 */
export class ValidatedCertificate extends pulumi.ComponentResource {
    /** ARN of the issued certificate; resolves once ACM has validated it. */
    public readonly certificateArn: pulumi.Output<string>;

    constructor(name: string, args: ValidatedCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("startup:web:ValidatedCertificate", name, {}, opts);
        const former = args.formerParent;
        const moved = (oldName?: string): pulumi.CustomResourceOptions => ({
            parent: this,
            ...(former !== undefined ? { aliases: [{ parent: former, ...(oldName !== undefined ? { name: oldName } : {}) }] } : {}),
        });
        const cert = new aws.acm.Certificate(`${name}-cert`, { domainName: args.domainName, validationMethod: "DNS", tags: { Name: args.domainName } }, moved(name));
        const option = cert.domainValidationOptions.apply((options) => {
            const found = options.find((o) => o.domainName === args.domainName);
            if (found === undefined) throw new Error(`ACM returned no DNS validation record for ${args.domainName}`);
            return found;
        });
        const record = new aws.route53.Record(
            `${name}-validation`,
            {
                zoneId: args.hostedZoneId,
                name: option.resourceRecordName,
                type: option.resourceRecordType,
                records: [option.resourceRecordValue],
                ttl: 60,
                // ACM uses the same record for every certificate of a name in the account.
                allowOverwrite: true,
            },
            // Another certificate of the same name (another region, another stack) renews through it.
            { ...moved(), retainOnDelete: true },
        );
        const validation = new aws.acm.CertificateValidation(
            `${name}-ready`,
            { certificateArn: cert.arn, validationRecordFqdns: [record.fqdn] },
            moved(),
        );
        this.certificateArn = validation.certificateArn;
        this.registerOutputs({ certificateArn: this.certificateArn });
    }
}
