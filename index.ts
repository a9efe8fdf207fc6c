// Entry point for `pulumi up|preview -s <stack>`: the stack's config decides what is built.
import { program } from "./stacks";

export = program;
