import { expect } from "chai";
import {
    ANALYTICS_DEFAULTS,
    AnalyticsSettings,
    analyticsSettingsProblems,
    errorOutputPrefix,
    evaluatePrefix,
    eventPrefix,
    firehosePrefixProblems,
    glueDatabaseName,
    locationTemplate,
    projectionParameters,
    tableLocation,
} from "../../lib/analytics";

const AT = new Date(Date.UTC(2026, 2, 7, 5, 30));
const defaults: AnalyticsSettings = { ...ANALYTICS_DEFAULTS };

/** Fills Athena's `${column}` template the way partition projection does for one partition. */
function fillTemplate(template: string, values: Record<string, string>): string {
    return template.replace(/\$\{(\w+)\}/g, (_m, key: string) => values[key]);
}

describe("lib/analytics", () => {
    it("partitions events by arrival hour in Hive style", () => {
        expect(eventPrefix()).to.equal("events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/");
        expect(evaluatePrefix(eventPrefix(), AT)).to.equal("events/year=2026/month=03/day=07/hour=05/");
    });

    it("puts failed records under their error type, away from the table's location", () => {
        expect(errorOutputPrefix()).to.match(/^errors\/!\{firehose:error-output-type\}\//);
        expect(evaluatePrefix(errorOutputPrefix(), AT, "processing-failed")).to.equal("errors/processing-failed/year=2026/month=03/day=07/hour=05/");
        expect(errorOutputPrefix().startsWith("events/")).to.equal(false);
    });

    it("projects exactly the keys Firehose writes, so Athena finds every object", () => {
        const params = projectionParameters("raw-bucket", { firstEventYear: 2025, lastEventYear: 2030 });
        expect(params).to.include({
            "projection.enabled": "true",
            "projection.year.type": "integer",
            "projection.year.range": "2025,2030",
            "projection.month.range": "1,12",
            "projection.month.digits": "2",
            "projection.day.range": "1,31",
            "projection.hour.range": "0,23",
            "storage.location.template": locationTemplate("raw-bucket"),
        });
        // Projection renders month 3 with 2 digits as "03": the same key Firehose wrote.
        const projected = fillTemplate(params["storage.location.template"], { year: "2026", month: "03", day: "07", hour: "05" });
        expect(projected).to.equal(`s3://raw-bucket/${evaluatePrefix(eventPrefix(), AT)}`);
        expect(projected.startsWith(tableLocation("raw-bucket"))).to.equal(true);
    });

    it("follows Firehose's prefix rules", () => {
        expect(firehosePrefixProblems(eventPrefix(), errorOutputPrefix())).to.deep.equal([]);
        expect(firehosePrefixProblems(eventPrefix(), undefined)).to.include("error prefix: required when the prefix contains expressions");
        expect(firehosePrefixProblems(eventPrefix(), "errors/!{timestamp:yyyy}/")).to.include(
            "error prefix: an error prefix with expressions must include !{firehose:error-output-type}",
        );
        expect(firehosePrefixProblems("events/!{firehose:error-output-type}/", errorOutputPrefix())).to.include(
            "prefix: may not contain !{firehose:error-output-type}",
        );
        expect(firehosePrefixProblems("events/!{nope:x}/", errorOutputPrefix())).to.include('prefix: unknown expression namespace "nope"');
        expect(firehosePrefixProblems(`${"a".repeat(600)}/`, undefined)).to.include("prefix: longer than 512 characters once evaluated");
        // A static prefix needs no error prefix.
        expect(firehosePrefixProblems("static/", undefined)).to.deep.equal([]);
    });

    it("accepts the defaults and rejects settings AWS would refuse", () => {
        expect(analyticsSettingsProblems(defaults)).to.deep.equal([]);
        const problems = analyticsSettingsProblems({
            ...defaults,
            bufferSizeMiB: 32,
            bufferIntervalSeconds: 1000,
            bytesScannedCutoffPerQuery: 10_000_000,
            errorLogRetentionDays: 42,
            firstEventYear: 2030,
            lastEventYear: 2026,
            quicksightPrincipalArn: "arn:aws:iam::123456789012:user/alice",
        });
        expect(problems).to.have.lengthOf(6);
        expect(problems[0]).to.include("Parquet conversion needs at least 64");
        expect(problems[1]).to.include("from 0 to 900");
        expect(problems[2]).to.include("at least 10485760 (10 MiB)");
        expect(problems[3]).to.include("must be one of 1, 3, 5");
        expect(problems[4]).to.include("first <= last");
        expect(problems[5]).to.include("QuickSight user or group ARN");
        expect(analyticsSettingsProblems({ ...defaults, bufferSizeMiB: 129 })[0]).to.include("from 64 to 128");
        expect(analyticsSettingsProblems({ ...defaults, quicksightPrincipalArn: "arn:aws:quicksight:us-east-1:123456789012:group/default/analysts" })).to.deep.equal([]);
    });

    it("names the Glue database in snake case", () => {
        expect(glueDatabaseName("startup-prod")).to.equal("startup_prod_analytics");
    });
});
