// Type-level camelCase aliases for a library's snake_case parameter names, so
// that `{ n_fft: 400 }` and `{ nFft: 400 }` type-check alike.

/** 'pad_or_trim' -> 'padOrTrim'. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** The parameters under their own names, and under their camelCase names. */
export type WithCamelCase<T> = T & { [K in keyof T as CamelCase<K & string>]?: T[K] };
