import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CreateParamBody,
  checkRuleBody,
  DraftBody,
  ParamListItem,
  ProgrammeVersionView,
  ProgrammeView,
  paramValueBody,
  WorklistItemView,
  worklistQuery,
  worklistUpdateBody,
} from '../../../contracts/api/eligibility.ts';
import type { FieldIssue } from '../../../contracts/errors.ts';
import type { Lang } from '../../../contracts/messages/index.ts';
import { type Actor, requireAnywhere, requireIn, scopeOf } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Clock } from '../../platform/clock.ts';
import { shanghaiDate } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Database, Db } from '../../platform/db/index.ts';
import { queryRows, toDateOrNull, toDateString, toIso } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import * as repo from './eligibility.repo.ts';
import {
  explanationView,
  issueParams,
  newParamIssues,
  paramValueIssue,
  translateIssue,
} from './eligibility.rules.ts';
import {
  type CheckResult,
  checkRule,
  compileKernel,
  explainRule,
  FACTS,
  type FactDef,
  type FactTable,
  factsQuery,
  newFactTable,
  type ParamDef,
  type ParamUnit,
  type PersonFacts,
  paramValueOn,
  type RawColumns,
  RawCopyReader,
  type RawPersonRow,
  type RuleIssue,
  type RuleKind,
  rawColumnsOfRows,
  rawFactsQuery,
  rowOf,
  SEED_PARAMS,
  SEED_PROGRAMMES,
  selectRows,
  type TypedRule,
  tableFromRaw,
  UNKNOWN_INT,
  UNKNOWN_SMALL,
} from './engine/index.ts';

const who = (a: Actor) => ({ id: a.id, name: a.displayName });
export const today = (clock: Clock): string => shanghaiDate(clock.now());

// ── Seed: the programmes of the seeds, their parameters and a published version 1 ──

export async function ensureEligibilityDefaults(db: Db, clock: Clock): Promise<void> {
  // Programmes and parameters added by later releases appear in existing districts too; a
  // programme gets the seeds' rule as version 1 only while it has no version at all.
  const versions = await repo.listVersions(db);
  const params = await repo.listParams(db);
  const missingParams = SEED_PARAMS.filter((p) => !params.params.some((x) => x.code === p.code));
  const missingRules = SEED_PROGRAMMES.filter((p) => !versions.some((v) => v.programmeCode === p.code));
  if (missingParams.length === 0 && missingRules.length === 0) return;
  await db.transaction(async (tx) => {
    await repo.insertParams(
      tx,
      missingParams.map((p) => ({
        code: p.code,
        nameZh: p.zh,
        nameEn: p.en,
        unit: p.unit,
        source: p.source ?? null,
      })),
    );
    await repo.insertParamValues(
      tx,
      missingParams.flatMap((p) =>
        p.values.map((v) => ({
          paramCode: p.code,
          validFrom: v.from,
          value: v.value,
          createdBy: 'system',
          createdAt: clock.now(),
        })),
      ),
    );
    await repo.insertProgrammes(
      tx,
      SEED_PROGRAMMES.map((p, i) => ({
        code: p.code,
        nameZh: p.zh,
        nameEn: p.en,
        kind: p.kind,
        approver: p.approver,
        descriptionZh: p.descriptionZh,
        createdAt: new Date(clock.now().getTime() + i),
      })),
    );
    for (const p of missingRules) {
      const checked = checkRule(p.rule, p.kind, SEED_PARAMS, p.validFrom);
      if (!checked.ok)
        throw new Error(`seed rule ${p.code} does not check: ${JSON.stringify(checked.errors)}`);
      await repo.insertVersion(tx, {
        id: newId(clock.now().getTime()),
        programmeCode: p.code,
        version: 1,
        status: 'published',
        validFrom: p.validFrom,
        validTo: null,
        ruleText: p.rule,
        note: '种子材料规则（seed-requirements §2）',
        warnings: checked.warnings,
        createdBy: 'system',
        createdAt: clock.now(),
        publishedBy: 'system',
        publishedAt: clock.now(),
      });
    }
  });
  clearCompiled();
}

// ── Parameters ──

export async function loadParams(db: Db): Promise<ParamDef[]> {
  const { params, values } = await repo.listParams(db);
  return params.map((p) => ({
    code: p.code,
    zh: p.nameZh,
    en: p.nameEn,
    unit: p.unit as ParamUnit,
    source: p.source ?? undefined,
    values: values
      .filter((v) => v.paramCode === p.code)
      .map((v) => ({ from: toDateString(v.validFrom), value: v.value })),
  }));
}

export async function vocabulary(ctx: Ctx, actor: Actor) {
  requireAnywhere(actor, 'programme.read');
  const params = await loadParams(ctx.db);
  return {
    facts: FACTS.map((f) => ({
      code: f.code,
      zh: f.zh,
      en: f.en,
      type: f.type,
      unit: f.type === 'money' ? 'fen' : (f.unit ?? null),
      values: (f.values ?? []).map((v) => ({ ...v })),
      sourceZh: f.sourceZh,
      sourceEn: f.sourceEn,
    })),
    params: params.map(paramView),
  };
}

function paramView(p: ParamDef) {
  return {
    code: p.code,
    nameZh: p.zh,
    nameEn: p.en,
    unit: p.unit,
    source: p.source ?? null,
    values: p.values.map((v) => ({ validFrom: v.from, value: v.value })),
  };
}

export async function addParamValue(
  ctx: Ctx,
  actor: Actor,
  code: string,
  body: z.infer<typeof paramValueBody>,
) {
  requireIn(actor, 'programme.write', '330102000000');
  const params = await loadParams(ctx.db);
  const p = params.find((x) => x.code === code);
  if (!p) throw new AppError('PARAM_NOT_FOUND', { code });
  if (!p.unit) throw new AppError('PARAM_UNIT_MISSING', { code });
  const range = paramValueIssue(p.unit, body.value, 'value');
  if (range) refuseParam([range]);
  await ctx.db.transaction(async (tx) => {
    await repo.upsertParamValue(tx, {
      paramCode: code,
      validFrom: body.validFrom,
      value: body.value,
      note: body.note ?? null,
      createdBy: actor.id,
      createdAt: ctx.clock.now(),
    });
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'rule_param.value',
      entityType: 'rule_param',
      entityId: code,
      before: { value: paramValueOn(p, body.validFrom) ?? null },
      after: { validFrom: body.validFrom, value: body.value },
      reason: body.note ?? null,
    });
  });
  clearCompiled();
  const after = (await loadParams(ctx.db)).find((x) => x.code === code) as ParamDef;
  return paramView(after);
}

/** One refusal names its code at the top; several are VALIDATION_FAILED, each with its field. */
function refuseParam(issues: FieldIssue[]): never {
  const only = issues.length === 1 ? (issues[0] as FieldIssue) : null;
  throw new AppError(only ? only.code : 'VALIDATION_FAILED', only?.params ?? {}, issues);
}

/** The parameters page: every parameter with its dated values and the value in force today. */
export async function listParamViews(
  ctx: Ctx,
  actor: Actor,
): Promise<{ asOf: string; items: ParamListItem[] }> {
  requireAnywhere(actor, 'programme.read');
  const on = today(ctx.clock);
  const { params, values } = await repo.listParams(ctx.db);
  return { asOf: on, items: params.map((p) => paramListItem(p, values, on)) };
}

function paramListItem(
  p: { code: string; nameZh: string; nameEn: string; unit: string; source: string | null },
  values: { paramCode: string; validFrom: unknown; value: number; note: string | null }[],
  on: string,
): ParamListItem {
  const mine = values
    .filter((v) => v.paramCode === p.code)
    .map((v) => ({ validFrom: toDateString(v.validFrom), value: v.value, note: v.note }))
    .sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const current = mine.filter((v) => v.validFrom <= on).pop();
  return {
    code: p.code,
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    unit: p.unit as ParamUnit,
    source: p.source,
    values: mine,
    current: current ? { validFrom: current.validFrom, value: current.value } : null,
  };
}

/**
 * A new name can change how a rule already written reads (names match longest-first, and
 * Chinese has no spaces: "年龄在60周岁以上" would read a parameter named 年龄在). Refused when a
 * version that checks today would no longer check, or would read the new parameter.
 */
async function ruleBrokenBy(
  db: Db,
  existing: ParamDef[],
  param: ParamDef,
  lang: Lang,
): Promise<FieldIssue | null> {
  const versions = (await repo.listVersions(db)).filter(
    (v) => v.status !== 'retired' && (v.ruleText.includes(param.zh) || v.ruleText.includes(param.code)),
  );
  if (versions.length === 0) return null;
  const programmes = await repo.listProgrammes(db);
  for (const v of versions) {
    const p = programmes.find((x) => x.code === v.programmeCode);
    if (!p) continue;
    const from = toDateString(v.validFrom);
    if (!checkRule(v.ruleText, p.kind as RuleKind, existing, from).ok) continue;
    const after = checkRule(v.ruleText, p.kind as RuleKind, [...existing, param], from);
    if (after.ok && !after.rule.params.includes(param)) continue;
    const byName = v.ruleText.includes(param.zh);
    const at = v.ruleText.indexOf(byName ? param.zh : param.code);
    return {
      field: byName ? 'nameZh' : 'code',
      code: 'PARAM_NAME_BREAKS_RULE',
      params: {
        what: byName ? 'nameZh' : 'code',
        value: byName ? param.zh : param.code,
        programme: lang === 'zh-CN' ? p.nameZh : p.nameEn,
        version: v.version,
        line: v.ruleText.slice(0, at).split('\n').length,
      },
    };
  }
  return null;
}

/**
 * Creates a parameter with its first dated value, in one transaction with its audit row. A rule
 * may use it at once: the checker reads the parameters afresh and the compiled rules are dropped.
 */
export async function createParam(
  ctx: Ctx,
  actor: Actor,
  body: CreateParamBody,
  lang: Lang,
): Promise<ParamListItem> {
  requireIn(actor, 'programme.write', '330102000000');
  const code = (body.code ?? '').trim();
  await ctx.db.transaction(async (tx) => {
    await repo.lockParams(tx);
    const existing = await loadParams(tx);
    const issues = newParamIssues(body, existing);
    if (issues.length > 0) refuseParam(issues);
    const param: ParamDef = {
      code,
      zh: body.nameZh.trim(),
      en: body.nameEn.trim(),
      unit: (body.unit ?? '').trim() as ParamUnit,
      source: body.source?.trim() || undefined,
      values: [{ from: body.firstValue.validFrom, value: body.firstValue.value }],
    };
    const broken = await ruleBrokenBy(tx, existing, param, lang);
    if (broken) refuseParam([broken]);
    await repo.insertParam(tx, {
      code,
      nameZh: param.zh,
      nameEn: param.en,
      unit: param.unit,
      source: param.source ?? null,
    });
    await repo.upsertParamValue(tx, {
      paramCode: code,
      validFrom: body.firstValue.validFrom,
      value: body.firstValue.value,
      note: body.firstValue.note ?? null,
      createdBy: actor.id,
      createdAt: ctx.clock.now(),
    });
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'rule_param.create',
      entityType: 'rule_param',
      entityId: code,
      after: {
        code,
        nameZh: param.zh,
        nameEn: param.en,
        unit: param.unit,
        source: param.source ?? null,
        validFrom: body.firstValue.validFrom,
        value: body.firstValue.value,
      },
      reason: body.firstValue.note ?? null,
    });
  });
  clearCompiled();
  const { params, values } = await repo.listParams(ctx.db);
  const created = params.find((p) => p.code === code);
  if (!created) throw new AppError('PARAM_NOT_FOUND', { code });
  return paramListItem(created, values, today(ctx.clock));
}

// ── Checking and versions ──

export async function checkText(ctx: Ctx, actor: Actor, body: z.infer<typeof checkRuleBody>, lang: Lang) {
  requireAnywhere(actor, 'programme.read');
  const params = await loadParams(ctx.db);
  const r = checkRule(body.ruleText, body.kind, params, body.validFrom);
  return {
    ok: r.ok,
    errors: r.ok ? [] : r.errors.map((i) => translateIssue(i, lang)),
    warnings: r.warnings.map((i) => translateIssue(i, lang)),
    facts: r.ok ? r.rule.facts.map((f) => (lang === 'zh-CN' ? f.zh : f.en)) : [],
  };
}

function refuse(r: Extract<CheckResult, { ok: false }>, lang: Lang): never {
  const issues: FieldIssue[] = r.errors.map((e: RuleIssue) => ({
    field: 'ruleText',
    code: e.code as FieldIssue['code'],
    params: issueParams(e, lang),
    line: e.line,
  }));
  throw new AppError('RULE_INVALID', { count: r.errors.length }, issues);
}

function versionView(v: repo.VersionRow, lang: Lang): ProgrammeVersionView {
  return {
    id: v.id,
    programmeCode: v.programmeCode,
    version: v.version,
    status: v.status as ProgrammeVersionView['status'],
    validFrom: toDateString(v.validFrom),
    validTo: toDateOrNull(v.validTo),
    ruleText: v.ruleText,
    note: v.note,
    warnings: ((v.warnings as RuleIssue[]) ?? []).map((i) => translateIssue(i, lang)),
    createdBy: v.createdBy,
    createdAt: toIso(v.createdAt),
    publishedBy: v.publishedBy,
    publishedAt: v.publishedAt ? toIso(v.publishedAt) : null,
  };
}

function inForce(v: repo.VersionRow, on: string): boolean {
  return (
    v.status === 'published' &&
    toDateString(v.validFrom) <= on &&
    (!v.validTo || toDateString(v.validTo) >= on)
  );
}

async function programmeViews(
  ctx: Ctx,
  lang: Lang,
): Promise<{ views: ProgrammeView[]; versions: repo.VersionRow[] }> {
  const on = today(ctx.clock);
  const [programmes, versions, enrolled, open] = await Promise.all([
    repo.listProgrammes(ctx.db),
    repo.listVersions(ctx.db),
    repo.countEnrolled(ctx.db, on),
    repo.countOpenItems(ctx.db),
  ]);
  const views = programmes.map((p) => {
    const mine = versions.filter((v) => v.programmeCode === p.code);
    const current = mine.find((v) => inForce(v, on)) ?? null;
    return {
      code: p.code,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      kind: p.kind as RuleKind,
      approver: p.approver as 'street' | 'district',
      descriptionZh: p.descriptionZh,
      current: current ? versionView(current, lang) : null,
      drafts: mine.filter((v) => v.status === 'draft').length,
      enrolled: enrolled.get(p.code) ?? 0,
      openItems: open.get(p.code) ?? 0,
    };
  });
  return { views, versions };
}

export async function listProgrammeViews(ctx: Ctx, actor: Actor, lang: Lang) {
  requireAnywhere(actor, 'programme.read');
  return { items: (await programmeViews(ctx, lang)).views };
}

export async function programmeDetail(ctx: Ctx, actor: Actor, code: string, lang: Lang) {
  requireAnywhere(actor, 'programme.read');
  const { views, versions } = await programmeViews(ctx, lang);
  const programme = views.find((p) => p.code === code);
  if (!programme) throw new AppError('PROGRAMME_NOT_FOUND', { code });
  return {
    programme,
    versions: versions.filter((v) => v.programmeCode === code).map((v) => versionView(v, lang)),
  };
}

function checkValidity(body: DraftBody): void {
  if (body.validTo && body.validTo < body.validFrom)
    throw new AppError('PROGRAMME_VALIDITY_EMPTY', { validFrom: body.validFrom, validTo: body.validTo });
}

export async function createDraft(ctx: Ctx, actor: Actor, code: string, body: DraftBody, lang: Lang) {
  requireIn(actor, 'programme.write', '330102000000');
  const programme = await repo.findProgramme(ctx.db, code);
  if (!programme) throw new AppError('PROGRAMME_NOT_FOUND', { code });
  checkValidity(body);
  const r = checkRule(body.ruleText, programme.kind as RuleKind, await loadParams(ctx.db), body.validFrom);
  if (!r.ok) refuse(r, lang);
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.transaction(async (tx) => {
    await repo.lockProgramme(tx, code);
    const version = await repo.nextVersionNo(tx, code);
    await repo.insertVersion(tx, {
      id,
      programmeCode: code,
      version,
      status: 'draft',
      validFrom: body.validFrom,
      validTo: body.validTo ?? null,
      ruleText: body.ruleText,
      note: body.note ?? null,
      warnings: r.warnings,
      createdBy: actor.displayName,
      createdAt: ctx.clock.now(),
    });
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'programme.draft',
      entityType: 'programme_version',
      entityId: id,
      after: {
        programme: code,
        version,
        validFrom: body.validFrom,
        validTo: body.validTo ?? null,
        ruleText: body.ruleText,
      },
    });
  });
  return versionView((await repo.findVersion(ctx.db, id)) as repo.VersionRow, lang);
}

async function draftOf(ctx: Ctx, id: string): Promise<repo.VersionRow> {
  const v = await repo.findVersion(ctx.db, id);
  if (!v) throw new AppError('PROGRAMME_VERSION_NOT_FOUND', { id });
  if (v.status !== 'draft')
    throw new AppError('PROGRAMME_VERSION_NOT_DRAFT', {
      version: v.version,
      status: v.status === 'published' ? '发布' : '停用',
    });
  return v;
}

export async function updateDraft(ctx: Ctx, actor: Actor, id: string, body: DraftBody, lang: Lang) {
  requireIn(actor, 'programme.write', '330102000000');
  const v = await draftOf(ctx, id);
  const programme = (await repo.findProgramme(ctx.db, v.programmeCode)) as repo.ProgrammeRow;
  checkValidity(body);
  const r = checkRule(body.ruleText, programme.kind as RuleKind, await loadParams(ctx.db), body.validFrom);
  if (!r.ok) refuse(r, lang);
  await ctx.db.transaction(async (tx) => {
    await repo.updateVersion(tx, id, {
      ruleText: body.ruleText,
      validFrom: body.validFrom,
      validTo: body.validTo ?? null,
      note: body.note ?? v.note,
      warnings: r.warnings,
    });
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'programme.draft_edit',
      entityType: 'programme_version',
      entityId: id,
      before: {
        ruleText: v.ruleText,
        validFrom: toDateString(v.validFrom),
        validTo: toDateOrNull(v.validTo),
      },
      after: { ruleText: body.ruleText, validFrom: body.validFrom, validTo: body.validTo ?? null },
    });
  });
  return versionView((await repo.findVersion(ctx.db, id)) as repo.VersionRow, lang);
}

/**
 * Publishes a draft. A published version from an earlier date that is still open is closed the
 * day before the new one starts; any other overlap with a published version is refused.
 */
export async function publishVersion(ctx: Ctx, actor: Actor, id: string, lang: Lang) {
  requireIn(actor, 'programme.write', '330102000000');
  const v = await draftOf(ctx, id);
  const programme = (await repo.findProgramme(ctx.db, v.programmeCode)) as repo.ProgrammeRow;
  const r = checkRule(
    v.ruleText,
    programme.kind as RuleKind,
    await loadParams(ctx.db),
    toDateString(v.validFrom),
  );
  if (!r.ok) refuse(r, lang);
  const from = toDateString(v.validFrom);
  const to = toDateOrNull(v.validTo);
  await ctx.db.transaction(async (tx) => {
    await repo.lockProgramme(tx, v.programmeCode);
    const published = (await repo.listVersions(tx, v.programmeCode)).filter((x) => x.status === 'published');
    for (const p of published) {
      const pFrom = toDateString(p.validFrom);
      const pTo = toDateOrNull(p.validTo);
      const overlaps = pFrom <= (to ?? '9999-12-31') && from <= (pTo ?? '9999-12-31');
      if (!overlaps) continue;
      if (pFrom < from && pTo === null && to === null) {
        // The open-ended version in force ends the day before the new one starts.
        const dayBefore = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        await repo.updateVersion(tx, p.id, { validTo: dayBefore });
        await recordAudit(tx, ctx.clock, who(actor), {
          action: 'programme.version_closed',
          entityType: 'programme_version',
          entityId: p.id,
          before: { validTo: null },
          after: { validTo: dayBefore },
        });
        continue;
      }
      throw new AppError('PROGRAMME_VERSION_OVERLAP', {
        validFrom: from,
        validTo: to ?? '—',
        version: p.version,
        otherFrom: pFrom,
        otherTo: pTo ?? '—',
      });
    }
    await repo.updateVersion(tx, id, {
      status: 'published',
      publishedBy: actor.displayName,
      publishedAt: ctx.clock.now(),
      warnings: r.warnings,
    });
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'programme.publish',
      entityType: 'programme_version',
      entityId: id,
      after: { programme: v.programmeCode, version: v.version, validFrom: from, validTo: to },
    });
  });
  clearCompiled();
  return versionView((await repo.findVersion(ctx.db, id)) as repo.VersionRow, lang);
}

// ── Rules in force, compiled once per date ──

export interface LoadedRule {
  programme: repo.ProgrammeRow;
  version: repo.VersionRow;
  rule: TypedRule;
  run: ReturnType<typeof compileKernel>['run'];
}

let compiled = new Map<string, LoadedRule[]>();
export function clearCompiled(): void {
  compiled = new Map();
  typedByVersion.clear();
}

export async function rulesOn(db: Db, on: string, codes?: string[]): Promise<LoadedRule[]> {
  const key = `${on}|${(codes ?? []).join(',')}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  // One after the other: `db` may be a transaction (re-evaluation inside a registry change).
  const programmes = await repo.listProgrammes(db);
  const versions = await repo.listVersions(db);
  const params = await loadParams(db);
  const out: LoadedRule[] = [];
  for (const p of programmes) {
    if (codes && codes.length > 0 && !codes.includes(p.code)) continue;
    const v = versions.find((x) => x.programmeCode === p.code && inForce(x, on));
    if (!v) {
      if (codes?.includes(p.code))
        throw new AppError('PROGRAMME_NO_RULE_ON_DATE', { programme: p.nameZh, date: on });
      continue;
    }
    out.push(compileVersion(p, v, params, on));
  }
  if (compiled.size > 50) compiled.clear();
  compiled.set(key, out);
  return out;
}

export function compileVersion(
  p: repo.ProgrammeRow,
  v: repo.VersionRow,
  params: ParamDef[],
  on: string,
): LoadedRule {
  const r = checkRule(v.ruleText, p.kind as RuleKind, params, toDateString(v.validFrom));
  if (!r.ok) throw new AppError('RULE_INVALID', { count: r.errors.length });
  for (const param of r.rule.params)
    if (paramValueOn(param, on) === undefined)
      throw new AppError('PARAM_NO_VALUE_ON_DATE', { name: param.zh, date: on });
  return { programme: p, version: v, rule: r.rule, run: compileKernel(r.rule, on).run };
}

/** Facts of some persons as of a date, as a table for the kernels. */
export async function factsOf(
  db: Db,
  asOf: string,
  filter: Parameters<typeof factsQuery>[1],
): Promise<FactTable> {
  const rows = await queryRows<Record<string, unknown>>(db, sql.raw(factsQuery(asOf, filter)));
  return tableOfRows(rows);
}

/** Deaths of the last 90 days with their household and relation (the widowhood fact reads them). */
export type RecentDeaths = readonly { household_id: string; relation: string | null }[];

export async function recentDeaths(db: Db, asOf: string): Promise<RecentDeaths> {
  return queryRows<RecentDeaths[number]>(db, sql.raw(rawFactsQuery(asOf).deaths));
}

/**
 * Every living person's facts in one pass (the batch path: the database groups, the process
 * derives), or one street's: its people only, though their households' members elsewhere are
 * read for the household facts. A caller loading street after street passes the deaths once.
 * Given the database and not only its handle, PostgreSQL streams the rows by COPY, read into
 * columns while the server still produces them (ADR 0019).
 */
export async function districtFacts(
  source: Db | Database,
  asOf: string,
  streetCode?: string,
  deaths?: RecentDeaths,
): Promise<FactTable> {
  const q = rawFactsQuery(asOf, streetCode);
  // One transaction so that the grouping gets memory enough to stay off the disk, and no JIT:
  // compiling this one statement's expressions took PostgreSQL longer (2 s) than it saved.
  const settings = ["set local work_mem = '128MB'", 'set local jit = off'];
  if (streetCode === undefined)
    // The whole district: fact rows are grouped in the primary key's (person id) order and
    // merged with the persons in the same order, so rows stream out from the first one; the
    // planner's sort and hash join took half as long again (870,000 residents: 2.8 s → 1.6 s).
    settings.push('set local enable_sort = off', 'set local enable_hashjoin = off');
  const database = 'exec' in source && 'kind' in source ? (source as Database) : undefined;
  const copyOut = database?.copyOut;
  const db = database ? database.db : (source as Db);
  let raw: RawColumns;
  let died: RecentDeaths;
  if (copyOut) {
    const reader = new RawCopyReader();
    [, died] = await Promise.all([
      copyOut(q.persons, (chunk) => reader.push(chunk), settings),
      deaths ?? recentDeaths(db, asOf),
    ]);
    raw = reader.finish();
  } else {
    [raw, died] = await db.transaction(async (tx) => {
      for (const s of settings) await tx.execute(sql.raw(s));
      const persons = await queryRows<RawPersonRow>(tx, sql.raw(q.persons));
      return [rawColumnsOfRows(persons), deaths ?? (await recentDeaths(tx, asOf))] as const;
    });
  }
  const table = tableFromRaw(raw, died, asOf);
  if (streetCode === undefined) return table;
  return selectRows(table, (i) => (table.areaCodes[i] as string).startsWith(streetCode));
}

/**
 * Rows of the facts query straight into typed columns (no record per person): the query codes
 * every fact as the kernel does, so a value is a number, a numeric string (bigint) or null.
 */
export function tableOfRows(rows: Record<string, unknown>[]): FactTable {
  const n = rows.length;
  const table = newFactTable(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as Record<string, unknown>;
    table.ids[i] = row.id as string;
    table.areaCodes[i] = String(row.area_code).trim();
  }
  for (let f = 0; f < FACTS.length; f++) {
    const def = FACTS[f] as FactDef;
    const col = table.columns[f] as Int32Array | Uint8Array;
    const unknown = def.type === 'bool' || def.type === 'enum' ? UNKNOWN_SMALL : UNKNOWN_INT;
    const code = def.code;
    for (let i = 0; i < n; i++) {
      const v = (rows[i] as Record<string, unknown>)[code];
      col[i] = v === null || v === undefined ? unknown : v === true ? 1 : v === false ? 0 : Number(v);
    }
  }
  return table;
}

// ── Explanations ──

async function personOf(ctx: Ctx, actor: Actor, personId: string) {
  requireAnywhere(actor, 'worklist.read');
  const rows = await queryRows<{ id: string; name: string; area_code: string }>(
    ctx.db,
    sql`select id, name, area_code from persons where id = ${personId}`,
  );
  const p = rows[0];
  const scope = scopeOf(actor, 'worklist.read');
  if (!p || !scope.some((s) => p.area_code.startsWith(s)))
    throw new AppError('PERSON_NOT_FOUND', { id: personId });
  return { ...p, area_code: p.area_code.trim() };
}

export async function personEligibility(
  ctx: Ctx,
  actor: Actor,
  personId: string,
  asOf: string | undefined,
  lang: Lang,
) {
  const p = await personOf(ctx, actor, personId);
  const on = asOf ?? today(ctx.clock);
  const rules = await rulesOn(ctx.db, on);
  const table = await factsOf(ctx.db, on, { ids: [personId] });
  if (table.size === 0) throw new AppError('PERSON_NOT_FOUND', { id: personId });
  const facts = rowOf(table, 0);
  const enrolled = new Set(
    (
      await repo.enrolledOn(
        ctx.db,
        on,
        p.area_code,
        rules.map((r) => r.programme.code),
        [personId],
      )
    ).map((e) => e.programme_code),
  );
  return {
    personId,
    personName: p.name,
    asOf: on,
    items: rules.map((r) => ({
      ...explanationView(
        r.rule,
        explainRule(r.rule, facts, on),
        {
          programmeCode: r.programme.code,
          programmeName: lang === 'zh-CN' ? r.programme.nameZh : r.programme.nameEn,
          versionId: r.version.id,
          version: r.version.version,
          asOf: on,
          person: p.name,
        },
        lang,
      ),
      enrolled: enrolled.has(r.programme.code),
    })),
  };
}

// ── Worklist ──

function itemView(row: Record<string, unknown>, on: string, lang: Lang): WorklistItemView {
  const due = toDateOrNull(row.due_on);
  const status = String(row.status) as WorklistItemView['status'];
  return {
    id: String(row.id),
    personId: String(row.person_id),
    personName: String(row.person_name),
    idMasked: String(row.id_masked),
    areaCode: String(row.area_code).trim(),
    areaName: String(row.area_name),
    programmeCode: String(row.programme_code),
    programmeName: String((lang === 'zh-CN' ? row.programme_zh : row.programme_en) ?? row.programme_code),
    kind: String(row.kind) as WorklistItemView['kind'],
    status,
    tier: (row.tier as 'red' | 'yellow' | null) ?? null,
    dueOn: due,
    overdue: !!due && due < on && (status === 'open' || status === 'in_progress'),
    level: String(row.level ?? 'community') as WorklistItemView['level'],
    visitedAt: row.visited_at ? toIso(row.visited_at) : null,
    asOf: toDateString(row.as_of),
    amount: Number(row.amount),
    result: (row.result as string | null) ?? null,
    note: (row.note as string | null) ?? null,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export async function listWorklist(ctx: Ctx, actor: Actor, q: z.infer<typeof worklistQuery>, lang: Lang) {
  const scope = requireAnywhere(actor, 'worklist.read');
  const { rows, total } = await repo.listItems(
    ctx.db,
    scope,
    {
      programme: q.programme,
      kind: q.kind,
      status: q.status,
      area: q.areaCode ? areaPrefixOf(q.areaCode) : undefined,
    },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  const on = today(ctx.clock);
  return {
    items: rows.map((r) => itemView(r, on, lang)),
    total,
    totalIsLowerBound: total >= 2000,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function areaPrefixOf(code: string): string {
  let c = code;
  while (c.length > 6 && c.endsWith('000')) c = c.slice(0, -3);
  return c;
}

async function itemInScope(
  ctx: Ctx,
  actor: Actor,
  id: string,
  permission: 'worklist.read' | 'worklist.work',
) {
  requireAnywhere(actor, permission);
  const row = await repo.findItem(ctx.db, id);
  const scope = scopeOf(actor, permission);
  if (!row || !scope.some((s) => String(row.area_code).startsWith(s))) {
    if (
      row &&
      permission === 'worklist.work' &&
      scopeOf(actor, 'worklist.read').some((s) => String(row.area_code).startsWith(s))
    )
      throw new AppError('FORBIDDEN');
    throw new AppError('WORKLIST_ITEM_NOT_FOUND', { id });
  }
  return row;
}

const typedByVersion = new Map<
  string,
  { rule: TypedRule; programme: repo.ProgrammeRow; version: repo.VersionRow }
>();

/**
 * The explanation of a stored decision, rendered from the facts it saw and its rule version
 * (a pure function of both, so it reads the same whenever it is opened, ADR 0019).
 */
export async function explainStored(
  db: Db,
  versionId: string,
  facts: PersonFacts,
  asOf: string,
  person: string,
  lang: Lang,
) {
  let hit = typedByVersion.get(versionId);
  if (!hit) {
    const version = await repo.findVersion(db, versionId);
    if (!version) throw new AppError('PROGRAMME_VERSION_NOT_FOUND', { id: versionId });
    const programme = (await repo.findProgramme(db, version.programmeCode)) as repo.ProgrammeRow;
    const r = checkRule(
      version.ruleText,
      programme.kind as RuleKind,
      await loadParams(db),
      toDateString(version.validFrom),
    );
    if (!r.ok) throw new AppError('RULE_INVALID', { count: r.errors.length });
    hit = { rule: r.rule, programme, version };
    if (typedByVersion.size > 200) typedByVersion.clear();
    typedByVersion.set(versionId, hit);
  }
  return explanationView(
    hit.rule,
    explainRule(hit.rule, facts, asOf),
    {
      programmeCode: hit.programme.code,
      programmeName: lang === 'zh-CN' ? hit.programme.nameZh : hit.programme.nameEn,
      versionId,
      version: hit.version.version,
      asOf,
      person,
    },
    lang,
  );
}

export async function worklistDetail(ctx: Ctx, actor: Actor, id: string, lang: Lang) {
  const row = await itemInScope(ctx, actor, id, 'worklist.read');
  const stored = row.explanation as { facts: PersonFacts };
  return {
    item: itemView(row, today(ctx.clock), lang),
    explanation: await explainStored(
      ctx.db,
      String(row.version_id),
      stored.facts,
      toDateString(row.as_of),
      String(row.person_name),
      lang,
    ),
  };
}

export async function updateWorklistItem(
  ctx: Ctx,
  actor: Actor,
  id: string,
  body: z.infer<typeof worklistUpdateBody>,
  lang: Lang,
) {
  const row = await itemInScope(ctx, actor, id, 'worklist.work');
  const status = String(row.status);
  if (status !== 'open' && status !== 'in_progress') throw new AppError('WORKLIST_ITEM_CLOSED', { status });
  if ((body.status === 'done' || body.status === 'dismissed') && !body.result)
    throw new AppError('VALIDATION_FAILED', {}, [
      { field: 'result', code: 'FIELD_REQUIRED', params: { field: 'result' } },
    ]);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await repo.updateItem(tx, String(row.person_id), id, {
      status: body.status,
      result: body.result ?? (row.result as string | null),
      note: body.note ?? (row.note as string | null),
      assignedTo: actor.displayName,
      updatedAt: now,
      closedAt: body.status === 'in_progress' ? null : now,
    });
    await recordAudit(tx, ctx.clock, who(actor), {
      action: `worklist.${body.status}`,
      entityType: 'worklist_item',
      entityId: id,
      areaCode: String(row.area_code),
      before: { status },
      after: { status: body.status, result: body.result ?? null },
    });
  });
  return itemView((await repo.findItem(ctx.db, id)) as Record<string, unknown>, today(ctx.clock), lang);
}
