// The rule engine (ADR 0019): facts, the rule language, its checker and three evaluators.
export * from './ast.ts';
export * from './check.ts';
export * from './explain.ts';
export * from './facts.ts';
export * from './kernel.ts';
export * from './parse.ts';
export * from './programmes.ts';
export * from './raw.ts';
export * from './sql.ts';
