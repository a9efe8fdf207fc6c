/**
 * User data of the app instances (Amazon Linux 2023), as plain text. cloud-init runs it once, at
 * first boot; it installs Docker and a systemd unit that starts the app container on every boot,
 * so an instance resumed from a stopped warm pool serves again without re-running user data.
 */

/** Seconds of the launch hook's timeout left for boot and the image pull before health checks start. */
export const BOOT_ALLOWANCE_SECONDS = 300;
/** The shortest health wait the user data accepts. */
export const MIN_HEALTH_WAIT_SECONDS = 60;

export interface AppUserDataArgs {
    readonly region: string;
    /** Repository URL, `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
    readonly repositoryUrl: string;
    readonly imageTag: string;
    /** Port the container listens on, published on the same host port. */
    readonly appPort: number;
    /**
     * Liveness path: answers 200 once the app serves HTTP, without reaching the database or any other
     * dependency. Passed to the container as HEALTH_CHECK_PATH; the launch wait polls it.
     */
    readonly healthCheckPath: string;
    /** CloudWatch Logs group the container's output goes to. */
    readonly logGroupName: string;
    readonly autoScalingGroupName: string;
    /** Launch lifecycle hook the instance completes once the app answers its health check. */
    readonly lifecycleHookName: string;
    /** Parameter Store path of the app's runtime settings, passed as APP_SETTINGS_PATH. @default - none */
    readonly settingsPath?: string;
    /** Seconds the start script waits for the image to be pullable and then the health check, in all. @default 600 */
    readonly healthWaitSeconds?: number;
}

const SAFE = /^[A-Za-z0-9._:/@-]+$/;

function checked(name: string, value: string): string {
    // Every value lands in a shell script: refuse anything that would need quoting.
    if (!SAFE.test(value)) throw new Error(`user data: ${name} "${value}" has characters a shell would interpret`);
    return value;
}

/** The user-data script. Encode it with base64 for a launch template. */
export function appUserData(args: AppUserDataArgs): string {
    const region = checked("region", args.region);
    const repository = checked("repositoryUrl", args.repositoryUrl);
    const registry = repository.split("/")[0];
    const image = `${repository}:${checked("imageTag", args.imageTag)}`;
    const path = checked("healthCheckPath", args.healthCheckPath);
    const group = checked("logGroupName", args.logGroupName);
    const asg = checked("autoScalingGroupName", args.autoScalingGroupName);
    const hook = checked("lifecycleHookName", args.lifecycleHookName);
    if (!Number.isInteger(args.appPort) || args.appPort < 1 || args.appPort > 65535) {
        throw new Error(`user data: appPort must be 1-65535, got ${args.appPort}`);
    }
    const port = String(args.appPort);
    const settings = args.settingsPath === undefined ? "" : ` -e APP_SETTINGS_PATH=${checked("settingsPath", args.settingsPath)} -e AWS_REGION=${region}`;
    const wait = args.healthWaitSeconds ?? 600;
    if (!Number.isInteger(wait) || wait < MIN_HEALTH_WAIT_SECONDS) {
        throw new Error(`user data: healthWaitSeconds must be a whole number of at least ${MIN_HEALTH_WAIT_SECONDS}, got ${wait}`);
    }
    return `#!/bin/bash
# First boot only (cloud-init): install Docker and the app unit, then start it.
set -euo pipefail
dnf install -y docker
systemctl enable --now docker

cat > /usr/local/bin/start-app <<'SCRIPT'
#!/bin/bash
# Every boot: pull and run the app image, wait until it is healthy, then let the
# Auto Scaling group put the instance in service (or back in the warm pool).
set -euo pipefail
deadline=$((SECONDS + ${wait}))
# The image may not be there yet: a new stack's repository is empty until the first push, and ECR
# replication copies a new tag into DR's within minutes. Retry until the deadline.
until aws ecr get-login-password --region ${region} | docker login --username AWS --password-stdin ${registry} && docker pull ${image}; do
  if [ "$SECONDS" -ge "$deadline" ]; then echo "image ${image} is not available" >&2; exit 1; fi
  sleep 15
done
docker rm -f app >/dev/null 2>&1 || true
docker run -d --name app --restart unless-stopped \\
  -p ${port}:${port} -e PORT=${port} -e HEALTH_CHECK_PATH=${path}${settings} \\
  --log-driver awslogs --log-opt awslogs-region=${region} --log-opt awslogs-group=${group} \\
  ${image}
until curl -fsS -o /dev/null http://127.0.0.1:${port}${path}; do
  if [ "$SECONDS" -ge "$deadline" ]; then echo "app did not answer ${path} on port ${port}" >&2; exit 1; fi
  sleep 5
done
TOKEN=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")
INSTANCE_ID=$(curl -fsS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id)
# After a plain reboot no launch is pending and the call fails harmlessly.
aws autoscaling complete-lifecycle-action --region ${region} --auto-scaling-group-name ${asg} \\
  --lifecycle-hook-name ${hook} --instance-id "$INSTANCE_ID" --lifecycle-action-result CONTINUE || true
SCRIPT
chmod 0755 /usr/local/bin/start-app

cat > /etc/systemd/system/app.service <<'UNIT'
[Unit]
Description=Application container
Wants=network-online.target
After=network-online.target docker.service
Requires=docker.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/bin/start-app

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now app.service
`;
}
