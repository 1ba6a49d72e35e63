/**
 * The base of every estimator class: the fitted state, `NotFittedError` for members used before `fit`, the
 * `nFeaturesIn` / `warnings` (and `seed`) getters, and the versioned `toJSON` envelope of {@link toModelJSON}.
 * @module
 */
import { type ModelWarning, NotFittedError, ValidationError } from './errors.js';
import { type ModelJSON, toModelJSON } from './model.js';
import { closestName } from './validate.js';

/**
 * Option names an estimator accepts beyond the keys of its resolved `options` (those are accepted by definition):
 * options that are resolved into something else (`init` → the starting centres) and not kept under their name.
 */
const EXTRA_OPTION_NAMES: Readonly<Record<string, readonly string[]>> = {
  SoftKMeans: ['init'],
  FuzzyCMeans: ['init'],
  SphericalKMeans: ['init'],
  MiniBatchKMeans: ['init'],
};

/** What every fitted state holds: the number of features seen at fit and the caveats on the result. */
export interface FittedState {
  /** Number of features (columns) seen at fit. */
  nFeaturesIn: number;
  /** Caveats on the result (not converged, fewer distinct clusters than asked, ...). */
  warnings: ModelWarning[];
}

/** The fitted state of an estimator that draws random numbers: the seed actually used, so a run can be replayed. */
export interface SeededState extends FittedState {
  /** The seed actually used (the option's, or one drawn when it was omitted). */
  seed: number;
}

/** The fitted-state type of an estimator class. */
export type StateOf<E> = E extends Estimator<infer S> ? S : never;

/**
 * Base of every estimator: holds the fitted state `S` (null until `fit`), throws {@link NotFittedError} from any
 * member used before it, and writes the saved-model envelope.
 *
 * @remarks
 * A subclass validates and freezes its `options` in the constructor (STYLE.md §2.3), stores the result of `fit`
 * with {@link Estimator.setState}, reads it with {@link Estimator.state}, and says what `toJSON` saves with
 * `saveOptions` / `saveState`; its static `fromJSON` checks the envelope with `checkModelJSON` and hands the
 * restored state to {@link Estimator.restore}. O(1) per member access; the state is not copied.
 * @example
 * class Mean extends Estimator<MeanState> {
 *   readonly options = Object.freeze({});
 *   constructor() { super('Mean'); }
 *   fit(X: MatrixLike): this { this.setState(meanOf(toMatrix(X, 'X'))); return this; }
 *   get mean(): Float64Array { return this.state('mean').mean; }
 *   protected saveState(s: MeanState) { return { mean: Array.from(s.mean) }; }
 * }
 */
export abstract class Estimator<S extends FittedState> {
  /** Resolved, frozen options. */
  abstract readonly options: object;
  readonly #name: string;
  #fit: S | null = null;

  /** @param name - the class name as written in saved models and error messages (a literal: survives minification) */
  protected constructor(name: string) {
    this.#name = name;
  }

  /**
   * The fitted state, for the member named `member`.
   * @throws {@link NotFittedError} before `fit` (or `fromJSON`)
   */
  protected state(member: string): S {
    if (this.#fit === null) throw new NotFittedError(this.#name, member);
    return this.#fit;
  }

  /**
   * Rejects option names the estimator does not have (a typo such as `nInits` would otherwise be ignored
   * silently), with a "did you mean" hint. Call at the end of the constructor, once `options` is set: the accepted
   * names are the keys of the resolved options plus the estimator's entry in the extra-names table. Keys whose value
   * is `undefined` are ignored.
   * @throws {@link ValidationError} (code INVALID_OPTION) naming the unknown option and the closest known one
   */
  protected checkOptionNames(raw: object | null | undefined): void {
    if (raw === null || raw === undefined || typeof raw !== 'object') return;
    const known = [...Object.keys(this.options), ...(EXTRA_OPTION_NAMES[this.#name] ?? [])];
    for (const key of Object.keys(raw)) {
      if (known.includes(key) || (raw as Record<string, unknown>)[key] === undefined) continue;
      const hint = closestName(key, known);
      throw new ValidationError(
        `${this.#name} has no option ${JSON.stringify(key)}${hint === undefined ? '.' : ` — did you mean '${hint}'?`} Its options are ${known.join(', ')}.`,
        { param: key },
        'INVALID_OPTION',
      );
    }
  }

  /** The fitted state or null before `fit` (for warm starts and incremental fits). */
  protected fittedState(): S | null {
    return this.#fit;
  }

  /** Stores the result of a fit. */
  protected setState(state: S): void {
    this.#fit = state;
  }

  /** Gives a freshly constructed `model` the `state` read back from a saved model; returns `model`. */
  protected static restore<E extends Estimator<FittedState>>(model: E, state: StateOf<E>): E {
    model.#fit = state;
    return model;
  }

  /** Number of features seen at fit. */
  get nFeaturesIn(): number {
    return this.state('nFeaturesIn').nFeaturesIn;
  }
  /** Caveats on the result (not converged, fewer distinct clusters than asked, ...). */
  get warnings(): readonly ModelWarning[] {
    return this.state('warnings').warnings;
  }

  /** The options written into the saved model (default: `options`). */
  protected saveOptions(): object {
    return this.options;
  }
  /** The fitted state written into the saved model, as plain JSON values. */
  protected abstract saveState(s: S): object;

  /**
   * Serializes the fitted model: `{ format: 'clusterkit-model', version, estimator, options, state }`.
   * @throws {@link NotFittedError} before `fit`
   */
  toJSON(): ModelJSON {
    const s = this.state('toJSON');
    return toModelJSON(this.#name, this.saveOptions(), this.saveState(s));
  }
}

/** An {@link Estimator} that draws random numbers and records the seed it used. */
export abstract class SeededEstimator<S extends SeededState> extends Estimator<S> {
  /** The seed actually used (the option's, or one drawn and recorded when it was omitted). */
  get seed(): number {
    return this.state('seed').seed;
  }
}
