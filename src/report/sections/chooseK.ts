/**
 * The report's "How many clusters?" section: choose-k by silhouette, Calinski–Harabasz, elbow and gap statistic,
 * one curve each, and the k the rest of the report uses.
 * @module
 */
import { lineChartSvg } from '../../plot/line.js';
import { figure, htmlTable, type ReportSection } from '../../plot/report.js';
import { type ChooseKMethod, chooseK } from '../../selection/chooseK.js';
import type { ReportContext } from '../context.js';

/** What the choose-k section decides. */
export interface ChooseKSection {
  section: ReportSection;
  /** The k the report continues with. */
  k: number;
  /** 'given', 'silhouette' or 'default'. */
  kChosenBy: string;
  /** The k and rule of each method that ran. */
  summary: Record<string, { k: number; rule: string }>;
}

const METHODS: readonly ChooseKMethod[] = ['silhouette', 'calinski', 'elbow', 'gap'];
const Y_LABEL: Partial<Record<ChooseKMethod, string>> = {
  silhouette: 'mean silhouette',
  calinski: 'Calinski–Harabasz',
  elbow: 'inertia',
  gap: 'Gap(k)',
};

/**
 * Runs chooseK for each method on the subsample (elbow and gap from kMin − 1) and picks k: the one given, else
 * the silhouette's, else min(3, n − 1). A method that fails is reported in the table and as a warning.
 */
export function chooseKSection(c: ReportContext, givenK: number | undefined, kReason = 'as requested'): ChooseKSection {
  const rows: (string | number)[][] = [];
  const summary: Record<string, { k: number; rule: string }> = {};
  const figures: string[] = [];
  let silhouetteK: number | undefined;
  for (const method of METHODS) {
    try {
      const r = chooseK(c.sub.X, {
        method,
        kMin: method === 'elbow' || method === 'gap' ? Math.max(1, c.kMin - 1) : c.kMin,
        kMax: c.kMax,
        seed: c.seed,
        nRefs: 10,
        gapRule: 'global-se',
      });
      summary[method] = { k: r.k, rule: r.rule };
      rows.push([method, r.k, r.rule]);
      if (method === 'silhouette') silhouetteK = r.k;
      const ylabel = Y_LABEL[method] ?? method;
      const svg = lineChartSvg([{ name: method, x: r.ks, y: r.scores }], {
        title: `${ylabel} by k`,
        xLabel: 'k',
        yLabel: ylabel,
        marks: [{ x: r.k, label: `k = ${r.k}` }],
        integerX: true,
        width: 380,
        height: 280,
      });
      c.svgs[`choose-k-${method}.svg`] = svg;
      figures.push(figure(svg, r.rule));
      for (const w of r.warnings) c.warnings.push(w);
    } catch (e) {
      rows.push([method, '–', `failed: ${(e as Error).message}`]);
      c.warnings.push({ code: 'DEGENERATE', message: `choose-k (${method}) failed: ${(e as Error).message}` });
    }
  }
  const k = givenK ?? silhouetteK ?? Math.min(3, c.n - 1);
  const kChosenBy = givenK !== undefined ? 'given' : silhouetteK !== undefined ? 'silhouette' : 'default';
  const section = {
    heading: 'How many clusters?',
    html:
      `<p>Each method fits k-means for every k and scores it${c.subNote}. The report continues with <b>k = ${k}</b> (${
        kChosenBy === 'given' ? kReason : 'the silhouette choice'
      }).</p>` +
      htmlTable(['method', 'k', 'rule'], rows) +
      figures.join(''),
  };
  return { section, k, kChosenBy, summary };
}
