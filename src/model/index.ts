// The one model every stage shares: zod schemas and the types inferred from them.
export * from './document.ts';
export * from './segment.ts';
export * from './codebook.ts';
export * from './synthesis.ts';
export * from './action-words.ts';
export * from './languages.ts';
export * from './glossary.ts';
export * from './theme-edit.ts';
export * from './resources.ts';
export * from './word-lists.ts';
