import { expect } from "chai";
import { appSettingsPath, appSettingsReadPolicy, settingNameProblems } from "../../lib/appSettings";
import { appUserData } from "../../lib/userData";

describe("lib/appSettings", () => {
    it("puts a stack's settings under /<prefix>/app/", () => {
        expect(appSettingsPath("startup-prod")).to.equal("/startup-prod/app/");
    });

    it("lets the app read that path and nothing else in Parameter Store", () => {
        const [statement, ...others] = appSettingsReadPolicy({ partition: "aws", region: "us-east-1", accountId: "123456789012", path: "/startup-prod/app/" }).Statement;
        expect(others).to.deep.equal([]);
        expect(statement.Action).to.deep.equal(["ssm:GetParametersByPath", "ssm:GetParameters", "ssm:GetParameter"]);
        expect(statement.Resource).to.deep.equal([
            "arn:aws:ssm:us-east-1:123456789012:parameter/startup-prod/app",
            "arn:aws:ssm:us-east-1:123456789012:parameter/startup-prod/app/*",
        ]);
    });

    it("accepts only environment-variable names", () => {
        expect(settingNameProblems(["DATABASE_WRITER_HOST", "A1"])).to.deep.equal([]);
        expect(settingNameProblems(["database-host"])).to.deep.equal(['setting name "database-host" must look like an environment variable (A-Z, 0-9, _)']);
    });

    it("hands the container the path and region, and refuses a path the shell would interpret", () => {
        const base = {
            region: "us-east-1", repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/startup-prod/app", imageTag: "v1", appPort: 8080,
            healthCheckPath: "/health", logGroupName: "/startup-prod/app", autoScalingGroupName: "startup-prod-app", lifecycleHookName: "launch",
        };
        expect(appUserData({ ...base, settingsPath: "/startup-prod/app/" })).to.include("-e PORT=8080 -e HEALTH_CHECK_PATH=/health -e APP_SETTINGS_PATH=/startup-prod/app/ -e AWS_REGION=us-east-1");
        expect(appUserData(base)).to.not.include("APP_SETTINGS_PATH");
        expect(() => appUserData({ ...base, settingsPath: "/x; rm -rf /" })).to.throw(/settingsPath/);
    });
});
