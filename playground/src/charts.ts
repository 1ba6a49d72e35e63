/**
 * The playground's choose-k chart, in its own module (no DOM) so the snapshot tests draw exactly what the page
 * draws, at large magnitudes too.
 * @module
 */
import { chooseKSvg } from '../../src/plot/chooseK.js';
import type { ChooseKResultMessage } from './protocol.js';

/** The y-axis name of each choose-k score. */
export const CK_LABEL: Record<ChooseKResultMessage['method'], string> = {
  silhouette: 'mean silhouette',
  calinski: 'Calinski–Harabasz',
  'davies-bouldin': 'Davies–Bouldin',
  elbow: 'inertia',
  gap: 'Gap(k)',
  bic: 'BIC',
};

/** The choose-k curve as the results column shows it: 340 × 230 px, the chosen k marked. */
export function chooseKChart(r: Pick<ChooseKResultMessage, 'k' | 'method' | 'ks' | 'scores' | 'sk'>): string {
  return chooseKSvg(r, { title: `${CK_LABEL[r.method] ?? r.method} per k`, width: 340, height: 230 });
}
