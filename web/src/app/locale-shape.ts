/** The English catalogue must have the same keys as the Chinese one; this type makes a gap a compile error. */
export type LocaleShape<T> = { [K in keyof T]: T[K] extends string ? string : LocaleShape<T[K]> };
