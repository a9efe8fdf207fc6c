/** Values AWS accepts for CloudWatch Logs `retentionInDays` (PutRetentionPolicy API). */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The Pulumi project name; also the namespace of every config key this program reads. */
export const PROJECT = "startup-platform";
