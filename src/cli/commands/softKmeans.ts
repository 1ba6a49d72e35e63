/**
 * `clusterkit soft-kmeans INPUT -k N --beta B`: MacKay's soft k-means (responsibilities ∝ exp(−β‖x − μ‖²)).
 * @module
 */

import type { Command } from 'commander';
import { SoftKMeans } from '../../kmeans/SoftKMeans.js';
import { type InputOptions, numArg, type OutputOptions } from '../common.js';
import * as fitCommand from '../fitCommand.js';
import { withProgress } from '../progress.js';
import {
  addMembershipLoopOptions,
  MEMBERSHIP_OUT,
  membershipLoopArgs,
  membershipOutputs,
  summary,
} from './familyCommon.js';

interface SoftCliOptions extends InputOptions, OutputOptions {
  k: number;
  beta: number;
  init: string;
  maxIter: number;
  tol: number;
  seed?: number;
}

/** Registers `soft-kmeans`. */
export function register(program: Command): void {
  fitCommand.registerFitCommand<SoftCliOptions>(program, {
    name: 'soft-kmeans',
    description: 'soft k-means: graded responsibilities r ∝ exp(−β‖x − μ‖²) (MacKay)',
    options: (cmd) =>
      addMembershipLoopOptions(
        cmd
          .addOption(fitCommand.kOption())
          .option(
            '--beta <x>',
            'stiffness β > 0 on the squared distance (large β → hard k-means)',
            numArg({ positive: true }),
            1,
          )
          .addOption(fitCommand.initOption()),
      ),
    outWhat: MEMBERSHIP_OUT,
    fit(data, o) {
      const sk = withProgress('soft-kmeans', o, (onProgress) =>
        new SoftKMeans({ ...membershipLoopArgs(o, data), beta: o.beta }).fit(data.X, { onProgress }),
      );
      const out = membershipOutputs(data, sk, sk.responsibilities, `soft k-means, k = ${o.k}, β = ${o.beta}`);
      const { centers } = out;
      return {
        ...out,
        json: () => ({
          labels: sk.labels,
          centers,
          memberships: sk.responsibilities,
          inertia: sk.inertia,
          nIter: sk.nIter,
          converged: sk.converged,
          seed: sk.seed,
        }),
        summary: () =>
          summary(`soft k-means (β=${o.beta})`, data, o.k, sk.labels, centers, [
            `hard inertia ${sk.inertia.toPrecision(8)}, ${sk.nIter} iterations, ${sk.converged ? 'converged' : 'not converged'}, seed=${sk.seed}`,
          ]),
      };
    },
  });
}
