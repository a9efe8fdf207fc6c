import { expect } from "chai";
import { AppUserDataArgs, appUserData } from "../../lib/userData";

const args: AppUserDataArgs = {
    region: "us-east-1",
    repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/startup-prod/app",
    imageTag: "1.4.2",
    appPort: 8080,
    healthCheckPath: "/health",
    logGroupName: "/startup-prod/app",
    autoScalingGroupName: "startup-prod-app",
    lifecycleHookName: "app-ready",
};

describe("lib/userData", () => {
    const script = appUserData(args);

    it("installs Docker and logs in to the stack's registry", () => {
        expect(script.startsWith("#!/bin/bash\n")).to.equal(true);
        expect(script).to.include("dnf install -y docker");
        expect(script).to.include(
            "aws ecr get-login-password --region us-east-1 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com && docker pull ",
        );
    });

    it("runs the configured image tag on the app port, logging to the app's log group", () => {
        expect(script).to.include("docker pull 123456789012.dkr.ecr.us-east-1.amazonaws.com/startup-prod/app:1.4.2");
        expect(script).to.include("-p 8080:8080 -e PORT=8080");
        // The liveness path the load balancer and the launch wait poll: the app must answer it
        // without its database (DR's instances have no writable database before promotion).
        expect(script).to.include(" -e HEALTH_CHECK_PATH=/health");
        expect(script).to.include("--log-driver awslogs --log-opt awslogs-region=us-east-1 --log-opt awslogs-group=/startup-prod/app");
        expect(script).to.include("--restart unless-stopped");
    });

    it("starts the app on every boot and completes the launch hook only once healthy", () => {
        expect(script).to.include("systemctl enable --now app.service");
        expect(script).to.include("WantedBy=multi-user.target");
        const health = script.indexOf("curl -fsS -o /dev/null http://127.0.0.1:8080/health");
        const complete = script.indexOf("aws autoscaling complete-lifecycle-action --region us-east-1 --auto-scaling-group-name startup-prod-app");
        expect(health).to.be.greaterThan(0);
        expect(complete).to.be.greaterThan(health);
        expect(script).to.include("--lifecycle-hook-name app-ready");
        // IMDSv2: a session token before any metadata read.
        expect(script).to.include("X-aws-ec2-metadata-token-ttl-seconds");
        expect(script).to.include("deadline=$((SECONDS + 600))");
    });

    it("waits for an image that is not there yet (a new stack, a tag still replicating) instead of failing the boot", () => {
        const pull = "docker pull 123456789012.dkr.ecr.us-east-1.amazonaws.com/startup-prod/app:1.4.2";
        const retry = script.slice(script.indexOf("until aws ecr get-login-password"), script.indexOf("docker rm -f app"));
        // Login and pull retried together (a login token does not help a missing tag), every 15 s, up to the one deadline.
        expect(retry).to.include(`&& ${pull}; do`);
        expect(retry).to.include('if [ "$SECONDS" -ge "$deadline" ]; then echo "image 123456789012.dkr.ecr.us-east-1.amazonaws.com/startup-prod/app:1.4.2 is not available" >&2; exit 1; fi');
        expect(retry).to.include("sleep 15");
        // The health wait shares the deadline: pull and start together stay inside the launch hook's heartbeat.
        const health = script.slice(script.indexOf("until curl"), script.indexOf("TOKEN="));
        expect(health).to.include('if [ "$SECONDS" -ge "$deadline" ]');
        expect(appUserData({ ...args, healthWaitSeconds: 900 })).to.include("deadline=$((SECONDS + 900))");
        expect(() => appUserData({ ...args, healthWaitSeconds: 10 })).to.throw(/healthWaitSeconds must be a whole number of at least 60/);
    });

    it("refuses values a shell would interpret", () => {
        expect(() => appUserData({ ...args, imageTag: "1.0;rm -rf /" })).to.throw(/imageTag "1.0;rm -rf \/" has characters a shell would interpret/);
        expect(() => appUserData({ ...args, healthCheckPath: "/health?x=$(id)" })).to.throw(/healthCheckPath/);
        expect(() => appUserData({ ...args, appPort: 70000 })).to.throw(/appPort must be 1-65535/);
    });
});
