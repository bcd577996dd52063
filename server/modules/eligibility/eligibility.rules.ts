import {
  type CreateParamBody,
  type ExplanationView,
  PARAM_CODE_PATTERN,
  PARAM_UNIT_CODES,
  PARAM_VALUE_LIMITS,
  type RuleIssueView,
  type TraceNodeView,
} from '../../../contracts/api/eligibility.ts';
import type { ErrorCode, FieldIssue } from '../../../contracts/errors.ts';
import { type Lang, translateError } from '../../../contracts/messages/index.ts';
import { formatYuan } from '../../../contracts/money.ts';
import {
  checkRule,
  type Explanation,
  FACTS,
  type ParamDef,
  type ParamUnit,
  RESERVED_WORDS,
  type RuleIssue,
  type TraceNode,
  type TypedRule,
} from './engine/index.ts';

/**
 * Pure helpers of the eligibility module: translating checker findings, rendering explanations
 * as plain language a worker can read out, and what a decision means for a programme.
 */

const EXPECTED: Record<string, [string, string]> = {
  if: ['“如果”', '"if"'],
  // biome-ignore lint/suspicious/noThenProperty: a keyword of the rule language, never awaited
  then: ['“则”', '"then"'],
  outcome: ['结果（发放、符合、不符合或预警）', 'an outcome (发放, 符合, 不符合 or an alert)'],
  value: ['一个值、事实或参数', 'a value, fact or parameter'],
  elif_or_else: ['“否则如果”或“否则”', '"否则如果" or "否则"'],
  above_or_below: ['“以上”或“以下”', '"以上" or "以下"'],
  quoted_source: ['带引号的出处', 'a quoted source'],
  deadline_days: ['处置期限（天数）', 'a deadline in days'],
  closing_quote: ['右引号', 'a closing quote'],
  valid_date: ['有效日期', 'a valid date'],
  to: ['“和”或“至”', '"和" or "至"'],
  within: ['“之间”', '"之间"'],
  token: ['规则文字', 'rule text'],
  end_of_line: ['行尾', 'end of line'],
  end_of_rule: ['规则结尾', 'end of rule'],
};

const TYPE_NAMES: Record<string, [string, string]> = {
  money: ['金额', 'money'],
  date: ['日期', 'a date'],
  bool: ['是非', 'yes/no'],
  number: ['数值', 'a number'],
  'int:years': ['年龄（周岁）', 'years'],
  'int:days': ['天数', 'days'],
  'int:persons': ['人数', 'persons'],
  'int:percent': ['百分比', 'a percentage'],
  'int:grade': ['等级', 'a grade'],
};

function typeName(t: string, lang: Lang): string {
  const i = lang === 'zh-CN' ? 0 : 1;
  if (t.startsWith('enum:')) return lang === 'zh-CN' ? '分类值' : 'a category';
  return TYPE_NAMES[t]?.[i] ?? t;
}

/** The issue's parameters with its words (expected tokens, type names) in the language. */
export function issueParams(issue: RuleIssue, lang: Lang): Record<string, string | number> {
  const i = lang === 'zh-CN' ? 0 : 1;
  const params: Record<string, string | number> = { ...issue.params, line: issue.line, col: issue.col };
  if (issue.code === 'RULE_SYNTAX') {
    params.expected = EXPECTED[String(issue.params.expected)]?.[i] ?? String(issue.params.expected);
    params.found = EXPECTED[String(issue.params.found)]?.[i] ?? String(issue.params.found);
  }
  if (issue.code === 'RULE_TYPE_MISMATCH') {
    params.left = typeName(String(issue.params.left), lang);
    params.right = typeName(String(issue.params.right), lang);
  }
  return params;
}

export function translateIssue(issue: RuleIssue, lang: Lang): RuleIssueView {
  const params = issueParams(issue, lang);
  return {
    severity: issue.severity,
    code: issue.code,
    line: issue.line,
    col: issue.col,
    message: translateError(issue.code as ErrorCode, params, lang),
  };
}

/** Whether an outcome grants something (a benefit, an in-kind entitlement or an alert). */
export function grants(rule: TypedRule, decision: number): boolean {
  if (decision < 0) return false;
  const outcome = decision === 0 ? rule.otherwise : rule.branches[decision - 1]?.outcome;
  return !!outcome && outcome.k !== 'ineligible';
}

export function outcomeOf(rule: TypedRule, decision: number) {
  return decision <= 0 ? rule.otherwise : (rule.branches[decision - 1]?.outcome ?? rule.otherwise);
}

/** A programme that pays once (home modification, temporary aid): having had it is not an ongoing entitlement. */
export function isOneOff(rule: TypedRule): boolean {
  const periods = rule.branches.flatMap((b) => (b.outcome.k === 'benefit' ? [b.outcome.period] : []));
  return periods.length > 0 && periods.every((p) => p === 'once');
}

/** Monthly cost of an amount by its period: yearly / 12; a one-off counts once. */
export function monthlyOf(amount: number, period: string | null): number {
  return period === 'year' ? amount / 12 : amount;
}

function nodeView(node: TraceNode, lang: Lang): TraceNodeView {
  if (node.k === 'leaf')
    return {
      k: 'leaf',
      truth: node.truth,
      text: lang === 'zh-CN' ? node.zh : node.en,
      seen: lang === 'zh-CN' ? node.seenZh : node.seenEn,
    };
  return { k: node.k, truth: node.truth, items: node.items.map((n) => nodeView(n, lang)) };
}

function failing(node: TraceNode, want: 'no' | 'unknown', out: TraceNode[]): void {
  if (node.k === 'leaf') {
    if (node.truth === want) out.push(node);
    return;
  }
  if (node.k === 'not') {
    failing(node.items[0] as TraceNode, want === 'no' ? 'no' : want, out);
    return;
  }
  for (const i of node.items) failing(i, want, out);
}

/** A fact named by its Chinese label (as explanations list missing facts), in the reader's language. */
export function factLabel(zh: string, lang: Lang): string {
  return lang === 'zh-CN' ? zh : (FACTS.find((f) => f.zh === zh)?.en ?? zh);
}

const PERIOD: Record<string, [string, string]> = {
  month: ['每月', 'a month'],
  year: ['每年', 'a year'],
  once: ['一次性', 'once'],
};

/** The resident-facing "why (not)": one paragraph in plain language. */
export function summarise(
  rule: TypedRule,
  x: Explanation,
  names: { programme: string; person: string; version: number; asOf: string },
  lang: Lang,
): string {
  const zh = lang === 'zh-CN';
  const head = zh
    ? `按“${names.programme}”第 ${names.version} 版规则，截至 ${names.asOf}，`
    : `Under version ${names.version} of "${names.programme}", as of ${names.asOf}, `;
  if (x.decision < 0) {
    const missing = x.missing.map((m) => factLabel(m, lang)).join(zh ? '、' : ', ');
    return zh
      ? `${head}${names.person}的资格暂时无法判断，因为以下信息尚未登记：${missing}。请补录后重新判断。`
      : `${head}${names.person}'s entitlement cannot be decided yet because these facts are not recorded: ${missing}. Record them and check again.`;
  }
  const outcome = outcomeOf(rule, x.decision);
  if (x.decision > 0 && outcome.k !== 'ineligible') {
    const b = x.branches[x.decision - 1];
    const met: Extract<TraceNode, { k: 'leaf' }>[] = [];
    const collect = (n: TraceNode) => {
      if (n.k === 'leaf') {
        if (n.truth === 'yes') met.push(n);
      } else if (n.k !== 'not') n.items.forEach(collect);
    };
    if (b) collect(b.node);
    const why = met
      .map((l) => (zh ? `${l.zh}（${l.seenZh.join('，')}）` : `${l.en} (${l.seenEn.join(', ')})`))
      .join(zh ? '；' : '; ');
    const cite = b?.cite ? (zh ? `依据：${b.cite}。` : `Source: ${b.cite}.`) : '';
    if (outcome.k === 'alert') {
      const tier = outcome.tier === 'red' ? (zh ? '红色' : 'red') : zh ? '黄色' : 'yellow';
      return zh
        ? `${head}${names.person}触发${tier}预警：${why}。请在 ${outcome.days} 天内上门核实。${cite}`
        : `${head}${names.person} triggers a ${tier} alert: ${why}. Visit within ${outcome.days} days. ${cite}`;
    }
    const pay =
      outcome.k === 'benefit'
        ? zh
          ? `，可享受${PERIOD[outcome.period]?.[0] ?? ''} ${formatYuan(x.amount)} 元`
          : `, and may receive ¥${formatYuan(x.amount)} ${PERIOD[outcome.period]?.[1] ?? ''}`
        : '';
    return zh
      ? `${head}${names.person}符合条件${pay}。符合的条件：${why}。${cite}`
      : `${head}${names.person} is entitled${pay}. Conditions met: ${why}. ${cite}`;
  }
  // Not entitled: for each branch, the conditions that failed.
  const parts = x.branches.map((b) => {
    const no: TraceNode[] = [];
    failing(b.node, 'no', no);
    const text = no
      .filter((l): l is Extract<TraceNode, { k: 'leaf' }> => l.k === 'leaf')
      .map((l) =>
        zh ? `${l.zh}不成立（${l.seenZh.join('，')}）` : `${l.en} does not hold (${l.seenEn.join(', ')})`,
      )
      .join(zh ? '；' : '; ');
    return zh ? `第 ${b.branch} 项条件：${text}` : `condition ${b.branch}: ${text}`;
  });
  return zh
    ? `${head}${names.person}不符合条件。${parts.join('。')}。`
    : `${head}${names.person} is not entitled. ${parts.join('. ')}.`;
}

export function explanationView(
  rule: TypedRule,
  x: Explanation,
  meta: {
    programmeCode: string;
    programmeName: string;
    versionId: string;
    version: number;
    asOf: string;
    person: string;
  },
  lang: Lang,
): ExplanationView {
  const outcome = outcomeOf(rule, x.decision);
  const isAlert = rule.kind === 'alert';
  const granted = x.decision >= 0 && outcome.k !== 'ineligible';
  return {
    programmeCode: meta.programmeCode,
    programmeName: meta.programmeName,
    versionId: meta.versionId,
    version: meta.version,
    asOf: meta.asOf,
    verdict:
      x.decision < 0
        ? 'unknown'
        : isAlert
          ? granted
            ? 'alert'
            : 'no_alert'
          : granted
            ? 'entitled'
            : 'not_entitled',
    decision: x.decision,
    amount: x.amount,
    period: outcome.k === 'benefit' ? outcome.period : null,
    tier: outcome.k === 'alert' ? outcome.tier : null,
    summary: summarise(
      rule,
      x,
      { programme: meta.programmeName, person: meta.person, version: meta.version, asOf: meta.asOf },
      lang,
    ),
    missing: x.missing.map((m) => factLabel(m, lang)),
    branches: x.branches.map((b) => ({
      branch: b.branch,
      truth: b.truth,
      cite: b.cite,
      node: nodeView(b.node, lang),
    })),
  };
}

// ── A new rule parameter: what makes it usable in a rule (ADR 0019) ──

const isMoney = (unit: ParamUnit): boolean =>
  unit === 'yuan' || unit === 'yuan_month' || unit === 'yuan_year';

/** A dated value outside what its unit allows (PARAM_VALUE_LIMITS), or null. Money is in fen. */
export function paramValueIssue(unit: ParamUnit, value: number, field: string): FieldIssue | null {
  const { min, max } = PARAM_VALUE_LIMITS[unit];
  if (value >= min && value <= max) return null;
  const show = (n: number) => (isMoney(unit) ? formatYuan(n) : String(n));
  return {
    field,
    code: 'PARAM_VALUE_RANGE',
    params: { min: show(min), max: show(max), value: show(value), unit },
  };
}

/** A word the rule language already reads as something else, and what that is. */
function clashOf(word: string): 'keyword' | 'unit' | 'fact' | 'enum_value' | null {
  const reserved = RESERVED_WORDS.find((w) => w.spelling === word);
  if (reserved) return reserved.kind;
  if (FACTS.some((f) => f.code === word || f.zh === word)) return 'fact';
  if (FACTS.some((f) => f.values?.some((v) => v.code === word || v.zh === word))) return 'enum_value';
  return null;
}

/** Whether a rule that writes `word` reads it as this parameter (one name, resolved to it). */
function readsAs(word: string, param: ParamDef, others: readonly ParamDef[], on: string): boolean {
  const r = checkRule(`如果 ${word} = ${word} 则 符合 依据 "-"`, 'benefit', [...others, param], on);
  return r.ok && r.rule.params.includes(param);
}

/**
 * Why a new parameter cannot be created, field by field (empty: it can). Rules name a parameter
 * by its Chinese name or by its code, matched longest-first among the facts, parameters and
 * keywords, so each must read as one name that is nobody else's.
 */
export function newParamIssues(body: CreateParamBody, existing: readonly ParamDef[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const code = (body.code ?? '').trim();
  const nameZh = body.nameZh.trim();
  const unit = (body.unit ?? '').trim();
  let codeOk = false;
  let nameOk = false;
  if (!PARAM_CODE_PATTERN.test(code)) {
    issues.push({ field: 'code', code: 'PARAM_CODE_FORMAT', params: { value: code } });
  } else {
    const clash = clashOf(code);
    const other = existing.find((p) => p.code === code);
    if (clash)
      issues.push({
        field: 'code',
        code: 'PARAM_NAME_RESERVED',
        params: { what: 'code', value: code, clash },
      });
    else if (other)
      issues.push({
        field: 'code',
        code: 'PARAM_EXISTS',
        params: { what: 'code', value: code, existing: other.zh, existingCode: other.code },
      });
    else codeOk = true;
  }
  if (!/\p{Script=Han}/u.test(nameZh) || /[\s"'“”「」#]/u.test(nameZh)) {
    issues.push({ field: 'nameZh', code: 'PARAM_NAME_FORMAT', params: { value: nameZh } });
  } else {
    const clash = clashOf(nameZh);
    const other = existing.find((p) => p.zh === nameZh);
    if (clash)
      issues.push({
        field: 'nameZh',
        code: 'PARAM_NAME_RESERVED',
        params: { what: 'nameZh', value: nameZh, clash },
      });
    else if (other)
      issues.push({
        field: 'nameZh',
        code: 'PARAM_EXISTS',
        params: { what: 'nameZh', value: nameZh, existing: other.zh, existingCode: other.code },
      });
    else nameOk = true;
  }
  let unitOk: ParamUnit | null = null;
  if (!unit) issues.push({ field: 'unit', code: 'PARAM_UNIT_MISSING', params: { code: code || nameZh } });
  else if (!(PARAM_UNIT_CODES as readonly string[]).includes(unit))
    issues.push({
      field: 'unit',
      code: 'PARAM_UNIT_UNKNOWN',
      params: { unit, allowed: PARAM_UNIT_CODES.join(', ') },
    });
  else unitOk = unit as ParamUnit;
  if (unitOk) {
    const range = paramValueIssue(unitOk, body.firstValue.value, 'firstValue.value');
    if (range) issues.push(range);
  }
  if (codeOk && nameOk && unitOk) {
    // The lexer is the judge: a name starting with a digit, an operator or a comment mark
    // would never be read as this parameter.
    const param: ParamDef = {
      code,
      zh: nameZh,
      en: body.nameEn.trim(),
      unit: unitOk,
      values: [{ from: body.firstValue.validFrom, value: body.firstValue.value }],
    };
    const on = body.firstValue.validFrom;
    if (!readsAs(nameZh, param, existing, on))
      issues.push({ field: 'nameZh', code: 'PARAM_NAME_FORMAT', params: { value: nameZh } });
    if (!readsAs(code, param, existing, on))
      issues.push({ field: 'code', code: 'PARAM_CODE_FORMAT', params: { value: code } });
  }
  return issues;
}
