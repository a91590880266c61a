// LIMIT written into the SQL text rather than bound as a parameter. SQLite plans `limit 20` better than
// `limit ?`: with the limit bound, the comment thread's page query took three times as long and a
// section listing twice as long (measured on the benchmark's data, page 1 of each). So each limit a
// query is run with gets its own statement. Limits are a handful of constants (page sizes) and the API's
// 1 to 100; offsets, which vary with every page number, stay bound.

const MAX_ROWS = 100_000;

/** A row count as SQL text. Anything but a whole number from 0 to 100,000 is refused: no text reaches the SQL. */
export function rowLimit(n: number): string {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n > MAX_ROWS) throw new RangeError(`Not a row limit: ${String(n)}`);
  return String(n);
}

/** One query per limit, made on first use (with the limit checked) and kept. */
export function perLimit<Q>(make: (limit: number) => Q): (limit: number) => Q {
  const made = new Map<number, Q>();
  return (limit) => {
    let query = made.get(limit);
    if (query === undefined) {
      rowLimit(limit);
      query = make(limit);
      made.set(limit, query);
    }
    return query;
  };
}
