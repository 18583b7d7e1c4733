import type { Linter } from 'eslint';

/** The architecture's boundary rules (boundaries.mjs), as flat-config objects. */
export declare const boundaries: Linter.Config[];
