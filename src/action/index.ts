/**
 * Entry point of the bundled action (dist-action/index.mjs, built by scripts/build-action.mjs).
 * The runner starts it with the workspace as working directory and the inputs in INPUT_* variables.
 */
import { annotationCommand } from './commands.js';
import { runAction, EXIT_USAGE } from './main.js';

runAction({ env: process.env, cwd: process.cwd(), write: (text) => process.stdout.write(text) }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug in berth, not bad input: one error annotation, with a pointer to report it.
    const message = `internal error: ${(error as Error)?.message ?? String(error)} (please report this)`;
    process.stdout.write(annotationCommand('error', message, { title: 'berth' }) + '\n');
    if (process.env.BERTH_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
