#!/usr/bin/env node
/**
 * The `clusterkit` command. Exit codes: 0 success, 2 bad usage or bad input (one line on stderr), 1 anything else.
 * @module
 */
import { runCli } from './program.js';
import { quietOnClosedPipe } from './stdio.js';

quietOnClosedPipe(process.stdout);
await runCli(process.argv);
