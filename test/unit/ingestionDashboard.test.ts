import { expect } from "chai";
import { FIREHOSE_NAMESPACE, MetricWidget, ingestionDashboardBody } from "../../lib/ingestionDashboard";

const body = ingestionDashboardBody({
    region: "us-east-1",
    streamName: "startup-prod-analytics-events",
    bufferIntervalSeconds: 300,
    rawBucketName: "raw",
    glueDatabaseName: "db",
    glueTableName: "events",
    workgroupName: "wg",
});
const metricWidgets = body.widgets.filter((w): w is MetricWidget => w.type === "metric");

describe("lib/ingestionDashboard", () => {
    it("graphs ingestion, delivery, freshness and Parquet conversion of the stream", () => {
        const names = metricWidgets.flatMap((w) => w.properties.metrics.map((m) => m[1]));
        expect(names).to.include.members([
            "IncomingRecords",
            "IncomingBytes",
            "DeliveryToS3.Success",
            "DeliveryToS3.DataFreshness",
            "FailedConversion.Records",
            "SucceedConversion.Records",
        ]);
        for (const w of metricWidgets) {
            expect(w.properties.region).to.equal("us-east-1");
            for (const line of w.properties.metrics) {
                expect(line.slice(0, 4)).to.deep.equal([FIREHOSE_NAMESPACE, line[1], "DeliveryStreamName", "startup-prod-analytics-events"]);
            }
        }
    });

    it("marks the buffer interval on the freshness graph and bounds the success ratio", () => {
        const freshness = metricWidgets.find((w) => w.properties.metrics[0][1] === "DeliveryToS3.DataFreshness");
        expect(freshness?.properties.stat).to.equal("Maximum");
        expect(freshness?.properties.annotations?.horizontal).to.deep.equal([{ label: "buffer interval", value: 300 }]);
        const success = metricWidgets.find((w) => w.properties.metrics[0][1] === "DeliveryToS3.Success");
        expect(success?.properties.yAxis?.left).to.deep.equal({ min: 0, max: 1 });
    });

    it("lays widgets out on the 24-column grid without overlap", () => {
        const cells = new Set<string>();
        for (const w of body.widgets) {
            expect(w.x + w.width).to.be.at.most(24);
            for (let x = w.x; x < w.x + w.width; x++) {
                for (let y = w.y; y < w.y + w.height; y++) {
                    const cell = `${x},${y}`;
                    expect(cells.has(cell), `overlap at ${cell}`).to.equal(false);
                    cells.add(cell);
                }
            }
        }
    });
});
