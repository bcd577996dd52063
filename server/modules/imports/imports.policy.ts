import { type Actor, requireAnywhere } from '../../platform/access.ts';

/**
 * Who may import residents: `import.run` somewhere and `person.write` somewhere. Each row is then
 * checked against the person.write scope (a row outside it is a row error, not a refusal).
 */
export function requireImporter(actor: Actor): string[] {
  requireAnywhere(actor, 'import.run');
  return requireAnywhere(actor, 'person.write');
}
