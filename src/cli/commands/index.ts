/**
 * Every CLI command, in help order. Each module exports `register(program)`.
 * @module
 */
import type { Command } from 'commander';
import { register as demo } from './demo.js';
import { register as gmm } from './gmm.js';
import { register as kde } from './kde.js';
import { register as kmeans } from './kmeans.js';
import { register as meanShift } from './meanShift.js';

/** Registration functions, one per command. */
export const COMMANDS: ((program: Command) => void)[] = [kmeans, gmm, kde, meanShift, demo];
