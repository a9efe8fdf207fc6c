// Entry point of the policy pack: `pulumi preview --policy-pack policies` from the repository root.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policyPackArgs } from "./pack";

new PolicyPack(PACK_NAME, policyPackArgs());
