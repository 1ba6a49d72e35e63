/**
 * Every CLI command, in help order. Each module exports `register(program)`.
 * @module
 */
import type { Command } from 'commander';
import { register as bayesianGmm } from './bayesianGmm.js';
import { register as bisectingKmeans } from './bisectingKmeans.js';
import { register as breaks } from './breaks.js';
import { register as chooseK } from './chooseK.js';
import { register as clara } from './clara.js';
import { register as demo } from './demo.js';
import { register as density } from './density.js';
import { register as evaluate } from './evaluate.js';
import { register as fuzzyCmeans } from './fuzzyCmeans.js';
import { register as gmm } from './gmm.js';
import { register as hierarchical } from './hierarchical.js';
import { register as kde } from './kde.js';
import { register as kmeans } from './kmeans.js';
import { register as kmedoids } from './kmedoids.js';
import { register as meanShift } from './meanShift.js';
import { register as minibatchKmeans } from './minibatchKmeans.js';
import { register as predict } from './predict.js';
import { register as report } from './report.js';
import { register as softKmeans } from './softKmeans.js';
import { register as sphericalKmeans } from './sphericalKmeans.js';

/** Registration functions, one per command. */
export const COMMANDS: ((program: Command) => void)[] = [
  kmeans,
  minibatchKmeans,
  softKmeans,
  fuzzyCmeans,
  bisectingKmeans,
  sphericalKmeans,
  hierarchical,
  kmedoids,
  clara,
  gmm,
  bayesianGmm,
  kde,
  meanShift,
  density,
  breaks,
  evaluate,
  chooseK,
  predict,
  report,
  demo,
];
