import { expect } from "chai";
import { PARTITION_KEYS } from "../../lib/eventSchema";
import {
    TIME_PARTITIONS,
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

    it("writes the time partitions the Glue table declares, in the same order", () => {
        expect(TIME_PARTITIONS.map((p) => p.key)).to.deep.equal(PARTITION_KEYS.map((k) => k.name));
    });

    it("names the Glue database in snake case", () => {
        expect(glueDatabaseName("startup-prod")).to.equal("startup_prod_analytics");
    });
});
