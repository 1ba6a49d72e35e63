// Property tests run with a fixed fast-check seed so that CI is reproducible; set FC_SEED=random (or a number) to
// explore other cases locally. A failure prints the seed and path to replay it.
import fc from 'fast-check';

const env = process.env.FC_SEED;
if (env !== 'random') fc.configureGlobal({ seed: env === undefined ? 20261128 : Number(env) });
