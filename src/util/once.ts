/**
 * A value computed on first use and kept: for the parts of a report that only some views read (the report's
 * findings are ~230 ms of a day at the estate benchmark's default size, and its summary view does not show them).
 */
export function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}
