import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DashboardWidget, dashboardBody } from "../lib/operations";
import { physicalName } from "../lib/naming";

export interface OperationsDashboardArgs {
    /** Prefix of the dashboard's name. */
    readonly namePrefix: string;
    /** Widgets in reading order; laid out left to right in rows of 24 units. */
    readonly widgets: pulumi.Input<DashboardWidget[]>;
}

/**
 * The stack's CloudWatch dashboard. Created last in a stack, from the widgets every component
 * contributes (lib/operations.ts has the builders), so it can show everything the stack built.
 */
export class OperationsDashboard extends pulumi.ComponentResource {
    public readonly dashboardName: pulumi.Output<string>;

    constructor(name: string, args: OperationsDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        super("startup:ops:OperationsDashboard", name, {}, opts);
        const dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName: physicalName(args.namePrefix, "operations"),
                // The layout throws on a widget that does not fit the grid, failing the preview.
                dashboardBody: pulumi.output(args.widgets).apply((widgets) => dashboardBody(widgets)),
            },
            { parent: this },
        );
        this.dashboardName = dashboard.dashboardName;
        this.registerOutputs({ dashboardName: this.dashboardName });
    }
}
