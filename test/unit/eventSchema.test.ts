import { expect } from "chai";
import { EVENT_COLUMNS, EventColumn, PARTITION_KEYS, eventSchemaProblems, glueColumns } from "../../lib/eventSchema";

describe("lib/eventSchema", () => {
    it("defines the event fields the apps send, with an occurrence timestamp and the Cognito identity", () => {
        const byName = Object.fromEntries(EVENT_COLUMNS.map((c) => [c.name, c.type]));
        expect(byName).to.deep.include({
            event_id: "string",
            event_type: "string",
            occurred_at: "timestamp",
            user_id: "string",
            provider_id: "string",
            session_id: "string",
            platform: "string",
            app_version: "string",
            properties: "string",
        });
        expect(EVENT_COLUMNS.find((c) => c.name === "user_id")?.comment).to.include("Cognito identity id");
    });

    it("partitions by arrival year, month, day and hour, as integers", () => {
        expect(PARTITION_KEYS.map((k) => `${k.name}:${k.type}`)).to.deep.equal(["year:int", "month:int", "day:int", "hour:int"]);
    });

    it("is a valid schema: snake case, unique, no reserved words, no clash with partition keys", () => {
        expect(eventSchemaProblems()).to.deep.equal([]);
    });

    it("rejects names the JSON SerDe or Athena would trip over", () => {
        const bad: EventColumn[] = [
            { name: "eventType", type: "string", comment: "" },
            { name: "timestamp", type: "timestamp", comment: "" },
            { name: "hour", type: "int", comment: "" },
            { name: "eventType", type: "string", comment: "" },
        ];
        const problems = eventSchemaProblems(bad);
        expect(problems).to.include('column "eventType" must be lower-case snake case (the JSON SerDe lower-cases keys)');
        expect(problems).to.include('column "timestamp" is a reserved word in Hive/Athena; pick another name');
        expect(problems).to.include('column "hour" collides with the partition key of the same name');
        expect(problems).to.include('column "eventType" appears twice');
        expect(eventSchemaProblems([{ name: "a", type: "string", comment: "" }])).to.deep.equal([
            "the schema needs a timestamp column for when the event occurred",
        ]);
    });

    it("renders Glue columns with their comments", () => {
        expect(glueColumns(EVENT_COLUMNS)[2]).to.deep.equal({ name: "occurred_at", type: "timestamp", comment: EVENT_COLUMNS[2].comment });
    });
});
