/** A small seeded generator for the examples' synthetic data (mulberry32 + Box–Muller), so every run is the same. */
export function seeded(seed: number): { uniform: () => number; normal: () => number } {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** The folder an example writes to: its first argument, or examples/out. */
export function outDir(): string {
  return process.argv[2] ?? new URL('./out/', import.meta.url).pathname;
}
