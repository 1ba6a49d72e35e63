/** The error a call throws, or undefined when it returns (to inspect a typed error's fields in a test). */
export function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}
