/**
 * Class breaks for one variable: `naturalBreaks` (optimal 1-D k-means, classInt's Fisher and Jenks).
 * @module
 */
export {
  BREAKS_METHODS,
  type BreaksMethod,
  type NaturalBreaks,
  type NaturalBreaksOptions,
  naturalBreaks,
} from './naturalBreaks.js';
