/**
 * `clusterkit fuzzy-cmeans INPUT -k N --m M`: Bezdek's fuzzy c-means.
 * @module
 */
import { type Command, InvalidArgumentError } from 'commander';
import { FuzzyCMeans } from '../../kmeans/FuzzyCMeans.js';
import type { InputOptions, OutputOptions } from '../common.js';
import * as fitCommand from '../fitCommand.js';
import { withProgress } from '../progress.js';
import {
  addMembershipLoopOptions,
  MEMBERSHIP_OUT,
  membershipLoopArgs,
  membershipOutputs,
  summary,
} from './familyCommon.js';

interface FuzzyCliOptions extends InputOptions, OutputOptions {
  k: number;
  m: number;
  init: string;
  maxIter: number;
  tol: number;
  seed?: number;
}

function fuzzifier(v: string): number {
  const x = Number(v);
  if (!(x > 1) || !Number.isFinite(x)) {
    throw new InvalidArgumentError(`the fuzzifier m must be a number > 1, got '${v}'.`);
  }
  return x;
}

/** Registers `fuzzy-cmeans`. */
export function register(program: Command): void {
  fitCommand.registerFitCommand<FuzzyCliOptions>(program, {
    name: 'fuzzy-cmeans',
    description: 'fuzzy c-means: memberships with fuzzifier m > 1 (Bezdek)',
    options: (cmd) =>
      addMembershipLoopOptions(
        cmd
          .addOption(fitCommand.kOption())
          .option('--m <x>', 'fuzzifier m > 1 (near 1: almost hard; larger: fuzzier)', fuzzifier, 2)
          .addOption(fitCommand.initOption()),
      ),
    outWhat: MEMBERSHIP_OUT,
    fit(data, o) {
      const fcm = withProgress('fuzzy-cmeans', o, (onProgress) =>
        new FuzzyCMeans({ ...membershipLoopArgs(o, data), m: o.m }).fit(data.X, { onProgress }),
      );
      const out = membershipOutputs(data, fcm, fcm.memberships, `fuzzy c-means, k = ${o.k}, m = ${o.m}`);
      const { centers } = out;
      return {
        ...out,
        json: () => ({
          labels: fcm.labels,
          centers,
          memberships: fcm.memberships,
          objective: fcm.objective,
          partitionCoefficient: fcm.partitionCoefficient,
          partitionEntropy: fcm.partitionEntropy,
          nIter: fcm.nIter,
          converged: fcm.converged,
          seed: fcm.seed,
        }),
        summary: () =>
          summary(`fuzzy c-means (m=${o.m})`, data, o.k, fcm.labels, centers, [
            `objective J_m ${fcm.objective.toPrecision(8)}, partition coefficient ${fcm.partitionCoefficient.toFixed(4)}, partition entropy ${fcm.partitionEntropy.toFixed(4)}`,
            `${fcm.nIter} iterations, ${fcm.converged ? 'converged' : 'not converged'}, seed=${fcm.seed}`,
          ]),
      };
    },
  });
}
