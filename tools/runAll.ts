/**
 * Runs shell commands at the same time, prints each one's output whole once it has ended (in the
 * order given, each under a `> command` line, as npm prints a script), and exits with the code of
 * the first command that failed, after all have ended. `npm test` runs the type check and the lint
 * this way: each is one process that keeps one core busy, so on two cores both take the time of
 * the slower instead of the sum, and a change with type and lint errors shows both at once.
 *
 *   tsx tools/runAll.ts "tsc --noEmit -p ." "eslint ."
 */
import { spawn } from "child_process";

interface Ended {
    readonly command: string;
    readonly code: number;
    /** stdout and stderr chunks in the order they came. */
    readonly output: ReadonlyArray<{ readonly stream: "stdout" | "stderr"; readonly chunk: Buffer }>;
}

function run(command: string): Promise<Ended> {
    return new Promise((resolve) => {
        const output: Array<{ stream: "stdout" | "stderr"; chunk: Buffer }> = [];
        // Through the shell, like an npm script: the command finds node_modules/.bin on npm's PATH.
        const child = spawn(command, { shell: true, stdio: ["ignore", "pipe", "pipe"] });
        child.stdout.on("data", (chunk: Buffer) => output.push({ stream: "stdout", chunk }));
        child.stderr.on("data", (chunk: Buffer) => output.push({ stream: "stderr", chunk }));
        child.on("error", (err) => {
            output.push({ stream: "stderr", chunk: Buffer.from(`${err.message}\n`) });
            resolve({ command, code: 1, output });
        });
        child.on("close", (code, signal) => resolve({ command, code: code ?? (signal ? 1 : 0), output }));
    });
}

async function main(commands: readonly string[]): Promise<number> {
    if (commands.length === 0) {
        console.error('usage: tsx tools/runAll.ts "<command>" ["<command>" ...]');
        return 2;
    }
    const pending = commands.map(run);
    let failed = 0;
    // Printed in the order given, each as soon as it and those before it have ended.
    for (const next of pending) {
        const ended = await next;
        process.stdout.write(`> ${ended.command}\n`);
        for (const { stream, chunk } of ended.output) process[stream].write(chunk);
        if (ended.code !== 0) {
            process.stderr.write(`> ${ended.command} failed (exit code ${ended.code})\n`);
            failed ||= ended.code;
        }
    }
    return failed;
}

void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
});
