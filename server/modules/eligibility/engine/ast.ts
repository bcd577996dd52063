/**
 * The rule language's syntax tree (ADR 0019). A rule is an ordered list of branches, the first
 * whose condition holds decides ("first hit", so "600 or 200, never both" is the rule's shape),
 * and an `otherwise` outcome. Every node keeps where it was written (line, column) so that an
 * error or an explanation can point at it.
 */

export interface Pos {
  line: number;
  col: number;
}

export type Unit = 'yuan' | 'years' | 'days' | 'persons' | 'percent' | 'none';

export type Expr =
  | { k: 'num'; value: number; unit: Unit; text: string; pos: Pos }
  | { k: 'date'; value: number; text: string; pos: Pos }
  | { k: 'bool'; value: boolean; pos: Pos }
  | { k: 'name'; name: string; pos: Pos }
  | { k: 'bin'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr; pos: Pos }
  | { k: 'call'; fn: 'min' | 'max'; args: Expr[]; pos: Pos };

export type CmpOp = '>=' | '<=' | '>' | '<' | '=' | '!=';

export type Cond =
  | { k: 'cmp'; op: CmpOp; left: Expr; right: Expr; phrase: string; pos: Pos }
  | { k: 'in'; subject: Expr; values: Expr[]; negated: boolean; pos: Pos }
  | { k: 'between'; subject: Expr; low: Expr; high: Expr; pos: Pos }
  | { k: 'truth'; subject: Expr; pos: Pos }
  | { k: 'and' | 'or'; items: Cond[]; pos: Pos }
  | { k: 'not'; item: Cond; pos: Pos };

export type Period = 'month' | 'year' | 'once';

export type Outcome =
  | { k: 'benefit'; amount: Expr; period: Period | null; pos: Pos }
  | { k: 'eligible'; pos: Pos }
  | { k: 'ineligible'; pos: Pos }
  | { k: 'alert'; tier: 'red' | 'yellow'; days: number; pos: Pos };

export interface Branch {
  cond: Cond;
  outcome: Outcome;
  cite: string | null;
  pos: Pos;
}

export interface RuleAst {
  branches: Branch[];
  otherwise: Outcome;
}
