import { expect } from "chai";
import { MANAGED_RULE_GROUPS, WAF_LOG_DESTINATION_PREFIX, wafLogGroupName, webAclRules } from "../../lib/waf";

describe("lib/waf", () => {
    const rules = webAclRules({ rateLimitPer5Minutes: 2000, metricPrefix: "startup-prod-app" });

    it("blocks clients above the rate limit per IP over 5 minutes, before anything else", () => {
        expect(rules[0]).to.deep.include({ name: "rate-limit-per-ip", priority: 0, action: { block: {} } });
        expect(rules[0].statement).to.deep.equal({ rateBasedStatement: { limit: 2000, aggregateKeyType: "IP", evaluationWindowSec: 300 } });
    });

    it("runs the three AWS managed groups with their own actions", () => {
        const managed = rules.slice(1);
        expect(managed.map((r) => r.name)).to.have.members([...MANAGED_RULE_GROUPS]);
        for (const rule of managed) {
            expect(rule.overrideAction).to.deep.equal({ none: {} });
            expect(rule.action).to.equal(undefined);
            expect(rule.statement).to.deep.equal({ managedRuleGroupStatement: { vendorName: "AWS", name: rule.name } });
        }
    });

    it("gives every rule a unique priority and its own metric", () => {
        expect(new Set(rules.map((r) => r.priority)).size).to.equal(rules.length);
        for (const rule of rules) {
            expect(rule.visibilityConfig).to.deep.include({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true });
        }
        expect(new Set(rules.map((r) => JSON.stringify(r.visibilityConfig))).size).to.equal(rules.length);
    });

    it("refuses rate limits AWS WAF would reject", () => {
        expect(() => webAclRules({ rateLimitPer5Minutes: 5, metricPrefix: "x" })).to.throw(/from 10 to 2000000000 requests per 5 minutes, got 5/);
        expect(() => webAclRules({ rateLimitPer5Minutes: 100.5, metricPrefix: "x" })).to.throw(/got 100\.5/);
    });

    it("names WAF log groups with the prefix AWS WAF requires, within CloudWatch Logs' 512 characters", () => {
        expect(WAF_LOG_DESTINATION_PREFIX).to.equal("aws-waf-logs-");
        expect(wafLogGroupName("startup-prod", "app")).to.equal("aws-waf-logs-startup-prod-app");
        expect(wafLogGroupName("startup-dr", "assets")).to.equal("aws-waf-logs-startup-dr-assets");
        const long = wafLogGroupName("p".repeat(600), "assets");
        expect(long.startsWith("aws-waf-logs-p")).to.equal(true);
        expect(long).to.have.lengthOf(512);
    });
});
