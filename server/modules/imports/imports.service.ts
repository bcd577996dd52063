import type {
  DuplicateAction,
  ImportStatus,
  ImportSummary,
  ImportView,
} from '../../../contracts/api/imports.ts';
import { personName } from '../../../contracts/api/persons.ts';
import type { Relation } from '../../../contracts/domain.ts';
import { type ErrorCode, isErrorCode } from '../../../contracts/errors.ts';
import { fieldLabel, type Lang, translateError } from '../../../contracts/messages/index.ts';
import { type Actor, areaPrefix, requireAnywhere, scopeOf } from '../../platform/access.ts';
import { type AuditEvent, recordAudit, recordAudits } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { toIso } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { allAreas } from '../areas/index.ts';
import {
  findPersonsByIdHashes,
  insertHouseholds,
  insertPersons,
  preparePerson,
  updatePersonRow,
} from '../registry/index.ts';
import {
  columnLetter,
  parseResidentFile,
  RESIDENT_COLUMNS,
  type ResidentColumn,
  type ResidentFile,
} from './imports.parse.ts';
import { requireImporter } from './imports.policy.ts';
import * as repo from './imports.repo.ts';
import {
  buildAreaIndex,
  commonArea,
  maskEcho,
  parseHukou,
  parseRelation,
  resolveCommunity,
} from './imports.rules.ts';

type PersonInsert = Parameters<typeof insertPersons>[1][number];
type HouseholdInsert = Parameters<typeof insertHouseholds>[1][number];
type PersonPatch = Parameters<typeof updatePersonRow>[2];
type PersonAfter = Awaited<ReturnType<typeof updatePersonRow>>;
export type ExistingPerson = Awaited<ReturnType<typeof findPersonsByIdHashes>>[number];

/** Rows validated (or written) between two progress reports and per lookup query. */
const CHUNK = 2_000;
/** Rows per multi-row INSERT: well under PostgreSQL's 65,535 bind parameters at ~25 columns. */
const WRITE_BATCH = 1_000;
/** A stored report keeps this many issues and duplicates; the counts stay exact. */
const REPORT_CAP = 1_000;
/** A "validating" import whose progress has not moved for this long was orphaned (process ended). */
const STALE_MS = 5 * 60_000;

export interface ImportIssue {
  line: number;
  column: ResidentColumn | '';
  /** The header as written in the file. */
  header: string;
  value: string;
  code: ErrorCode;
  params: Record<string, string | number>;
}

export interface ImportDuplicate {
  line: number;
  name: string;
  idMasked: string;
  areaCode: string;
  inScope: boolean;
}

export interface StoredReport {
  issues: ImportIssue[];
  issuesTruncated: boolean;
  duplicates: ImportDuplicate[];
  duplicatesTruncated: boolean;
}

/** A row that passed every check, ready to write (ID number and phone already encrypted). */
export interface ValidRow {
  line: number;
  person: PersonInsert;
  relation: Relation;
  householdNo: string | null;
  phoneGiven: boolean;
  addressGiven: boolean;
}

export interface Validation {
  fileName: string;
  totalRows: number;
  badRows: number;
  /** Every issue, in file order (line, then column). */
  issues: ImportIssue[];
  /** Rows already in the registry (by ID hash), among the valid rows. */
  duplicates: ImportDuplicate[];
  rows: ValidRow[];
  /** Where the rows live: one community, one street, or the district. */
  areaCode: string;
}

export interface Progress {
  phase: 'validate' | 'write';
  done: number;
  total: number;
}
export type ProgressFn = (p: Progress) => void | Promise<void>;

export interface CommitResult {
  importId: string;
  inserted: number;
  updated: number;
  skipped: number;
  households: number;
}

const who = (a: Actor) => ({ id: a.id, name: a.username });
const COLUMN_ORDER = new Map<string, number>(RESIDENT_COLUMNS.map((c, i) => [c, i]));

function inScope(scope: string[], code: string) {
  return scope.some((p) => code.startsWith(p));
}

/**
 * Checks every row before anything is written: the same ID/phone rules as the form
 * (preparePerson), names, 户籍, the community (resolved by name or code, open, and inside the
 * actor's person.write scope), relations, households formed by 户号, duplicates inside the file
 * and, by ID hash, against the registry. Reads the database but never writes to it.
 */
export async function validateResidents(
  ctx: Ctx,
  actor: Actor,
  file: ResidentFile,
  onProgress?: ProgressFn,
): Promise<Validation> {
  const scope = requireImporter(actor);
  const index = buildAreaIndex(await allAreas(ctx.db));
  const today = ctx.clock.today();
  const now = ctx.clock.now().getTime();
  const col = new Map<ResidentColumn, number>();
  file.columns.forEach((c, i) => {
    if (c) col.set(c, i);
  });
  const has = (c: ResidentColumn) => col.has(c);
  // The header as the user wrote it; empty when the column is absent (then translated when shown).
  const header = (c: ResidentColumn) => file.headers[c] ?? '';

  const issues: ImportIssue[] = [];
  const badLines = new Set<number>();
  const add = (
    line: number,
    column: ResidentColumn,
    value: string,
    code: ErrorCode,
    params: Record<string, string | number> = {},
  ) => {
    issues.push({
      line,
      column,
      header: header(column),
      value: maskEcho(column, value),
      code,
      params: { field: column, ...params },
    });
    badLines.add(line);
  };
  const unheaded = file.columns.flatMap((c, i) => (c === null ? [i] : []));

  interface Candidate {
    line: number;
    person?: PersonInsert;
    area?: string;
    communityRaw: string;
    relationRaw: string;
    relation?: Relation;
    householdNo: string | null;
    phoneGiven: boolean;
    addressGiven: boolean;
  }
  const candidates: Candidate[] = [];
  const seenHash = new Map<string, number>();
  const existing = new Map<string, ExistingPerson>();
  const total = file.rows.length;

  for (let start = 0; start < total; start += CHUNK) {
    const chunk = file.rows.slice(start, start + CHUNK);
    const lookup: string[] = [];
    for (const row of chunk) {
      const { line } = row;
      for (const i of unheaded) {
        const cell = row.cells[i] ?? '';
        if (cell === '') continue;
        const letter = columnLetter(i);
        issues.push({
          line,
          column: '',
          header: letter,
          value: cell,
          code: 'IMPORT_UNKNOWN_COLUMN',
          params: { column: letter },
        });
        badLines.add(line);
      }
      const get = (c: ResidentColumn) => {
        const i = col.get(c);
        return i === undefined ? '' : (row.cells[i] ?? '');
      };
      const name = get('name');
      const nameCheck = personName.safeParse(name);
      if (!nameCheck.success) {
        const msg = nameCheck.error.issues[0]?.message;
        add(line, 'name', name, isErrorCode(msg) ? msg : 'NAME_INVALID');
      }

      const hukouRaw = get('hukou');
      const hukou = parseHukou(hukouRaw);
      if (hukouRaw === '') add(line, 'hukou', hukouRaw, 'FIELD_REQUIRED');
      else if (hukou === undefined) add(line, 'hukou', hukouRaw, 'HUKOU_INVALID');

      const communityRaw = get('community');
      const streetRaw = get('street');
      let area: string | undefined;
      if (communityRaw === '') add(line, 'community', communityRaw, 'FIELD_REQUIRED');
      else {
        const r = resolveCommunity(index, communityRaw, streetRaw);
        if (!r.ok) add(line, r.column, r.column === 'street' ? streetRaw : communityRaw, r.code, r.params);
        else if (!inScope(scope, r.area.code))
          add(line, 'community', communityRaw, 'IMPORT_AREA_OUT_OF_SCOPE', { area: r.area.name });
        else area = r.area.code;
      }

      const address = get('address');
      if (address.length > 200)
        add(line, 'address', `${address.slice(0, 20)}…`, 'FIELD_TOO_LONG', { max: 200 });

      const relationRaw = get('relation');
      const relation = relationRaw === '' ? undefined : parseRelation(relationRaw);
      if (relationRaw !== '' && !relation) add(line, 'relation', relationRaw, 'RELATION_INVALID');
      const householdNo = get('householdNo') || null;
      if (householdNo && householdNo.length > 40)
        add(line, 'householdNo', householdNo, 'FIELD_TOO_LONG', { max: 40 });
      if (!householdNo && relation && relation !== 'head')
        add(
          line,
          has('householdNo') ? 'householdNo' : 'relation',
          has('householdNo') ? '' : relationRaw,
          'IMPORT_HOUSEHOLD_REQUIRED',
          {
            relation: relationRaw,
          },
        );

      const idRaw = get('idNumber');
      const phoneRaw = get('phone');
      const candidate: Candidate = {
        line,
        communityRaw,
        relationRaw,
        relation,
        householdNo,
        phoneGiven: phoneRaw !== '',
        addressGiven: address !== '',
        area,
      };
      if (row.lossy?.includes(col.get('idNumber') ?? -1)) add(line, 'idNumber', idRaw, 'IMPORT_ID_AS_NUMBER');
      else {
        const prepared = preparePerson(
          ctx,
          {
            name,
            idNumber: idRaw,
            phone: phoneRaw,
            hukouLocal: hukou ?? false,
            areaCode: area ?? '',
            address,
          },
          today,
          newId(now),
        );
        if (!prepared.ok) {
          for (const i of prepared.issues) {
            const c: ResidentColumn = i.field === 'phone' ? 'phone' : 'idNumber';
            add(line, c, c === 'phone' ? phoneRaw : idRaw, i.code, i.params ?? {});
          }
        } else {
          const hash = prepared.value.row.idHash;
          const first = seenHash.get(hash);
          if (first !== undefined)
            add(line, 'idNumber', idRaw, 'IMPORT_DUPLICATE_IN_FILE', { otherLine: first });
          else {
            seenHash.set(hash, line);
            lookup.push(hash);
          }
          candidate.person = prepared.value.row;
        }
      }
      candidates.push(candidate);
    }
    // One query per chunk, not per row: the registry is searched by keyed hash.
    for (const p of await findPersonsByIdHashes(ctx.db, lookup)) existing.set(p.idHash, p);
    await onProgress?.({ phase: 'validate', done: Math.min(start + CHUNK, total), total });
  }

  checkHouseholds(candidates, add);

  const rows: ValidRow[] = [];
  const duplicates: ImportDuplicate[] = [];
  for (const c of candidates) {
    if (badLines.has(c.line) || !c.person || !c.area) continue;
    rows.push({
      line: c.line,
      person: c.person,
      relation: c.relation ?? 'head',
      householdNo: c.householdNo,
      phoneGiven: c.phoneGiven,
      addressGiven: c.addressGiven,
    });
    const dup = existing.get(c.person.idHash);
    if (dup)
      duplicates.push({
        line: c.line,
        name: c.person.name,
        idMasked: c.person.idMasked,
        areaCode: dup.areaCode,
        inScope: inScope(scope, dup.areaCode),
      });
  }
  issues.sort(
    (a, b) => a.line - b.line || (COLUMN_ORDER.get(a.column) ?? 99) - (COLUMN_ORDER.get(b.column) ?? 99),
  );
  const areaCode =
    commonArea(candidates.flatMap((c) => (c.area ? [c.area] : []))) ??
    (scope[0] ? scope[0].padEnd(12, '0') : '330102000000');
  return {
    fileName: file.fileName,
    totalRows: total,
    badRows: badLines.size,
    issues,
    duplicates,
    rows,
    areaCode,
  };
}

/** Rows sharing a 户号 form one household: one community, exactly one 户主, relations given. */
function checkHouseholds(
  candidates: {
    line: number;
    area?: string;
    communityRaw: string;
    relationRaw: string;
    relation?: Relation;
    householdNo: string | null;
  }[],
  add: (
    line: number,
    column: ResidentColumn,
    value: string,
    code: ErrorCode,
    params?: Record<string, string | number>,
  ) => void,
) {
  const groups = new Map<string, typeof candidates>();
  for (const c of candidates) {
    if (!c.householdNo) continue;
    const g = groups.get(c.householdNo);
    if (g) g.push(c);
    else groups.set(c.householdNo, [c]);
  }
  for (const [household, members] of groups) {
    const ref = members.find((m) => m.area);
    let head: (typeof members)[number] | undefined;
    let relationsKnown = true;
    for (const m of members) {
      if (ref && m.area && m.area !== ref.area)
        add(m.line, 'community', m.communityRaw, 'IMPORT_HOUSEHOLD_AREA', { household, otherLine: ref.line });
      if (m.relationRaw === '' && members.length > 1) {
        add(m.line, 'relation', '', 'FIELD_REQUIRED');
        relationsKnown = false;
      } else if (m.relationRaw !== '' && !m.relation) relationsKnown = false;
      const isHead = m.relation === 'head' || (m.relationRaw === '' && members.length === 1);
      if (!isHead) continue;
      if (head)
        add(m.line, 'relation', m.relationRaw, 'IMPORT_HOUSEHOLD_TWO_HEADS', {
          household,
          otherLine: head.line,
        });
      else head = m;
    }
    if (!head && relationsKnown)
      add(members[0]!.line, 'householdNo', household, 'IMPORT_HOUSEHOLD_NO_HEAD', { household });
  }
}

export interface CommitPlan {
  households: HouseholdInsert[];
  inserts: { line: number; person: PersonInsert }[];
  updates: { line: number; before: ExistingPerson; patch: PersonPatch }[];
  skipped: number;
}

/**
 * What the commit writes, decided without the database. Duplicates are updated or skipped as
 * chosen; one outside the actor's area is always skipped. A 户号 group joins its head's
 * existing household when the head is registered in the same community (a newborn added to a
 * family), otherwise it gets a new household; a person without 户号 heads their own, as a single
 * create does. On update, blank optional cells (phone, address) keep what the registry holds.
 */
export function planCommit(
  rows: ValidRow[],
  existing: Map<string, ExistingPerson>,
  onDuplicate: DuplicateAction,
  canWrite: (areaCode: string) => boolean,
  newHouseholdId: () => string,
): CommitPlan {
  const plan: CommitPlan = { households: [], inserts: [], updates: [], skipped: 0 };
  const groups = new Map<string, ValidRow[]>();
  for (const r of rows) {
    const key = r.householdNo ? `no:${r.householdNo}` : `line:${r.line}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  for (const members of groups.values()) {
    const isGroup = members[0]!.householdNo !== null;
    const area = members[0]!.person.areaCode;
    const head = members.find((m) => m.relation === 'head');
    const actions = members.map((m) => {
      const dup = existing.get(m.person.idHash);
      if (!dup) return { m, kind: 'insert' as const };
      return {
        m,
        dup,
        kind: onDuplicate === 'update' && canWrite(dup.areaCode) ? ('update' as const) : ('skip' as const),
      };
    });
    const headDup = head ? existing.get(head.person.idHash) : undefined;
    const reuse = headDup?.householdId && headDup.areaCode === area ? headDup.householdId : null;
    const needsNew =
      !reuse &&
      actions.some(
        (a) =>
          a.kind === 'insert' ||
          (a.kind === 'update' && (isGroup || a.dup.areaCode !== area || !a.dup.householdId)),
      );
    let householdId = reuse;
    if (needsNew) {
      householdId = newHouseholdId();
      const addressOf = (head ?? members[0]!).person.address;
      plan.households.push({ id: householdId, areaCode: area, address: addressOf ?? null });
    }
    for (const a of actions) {
      const { m } = a;
      if (a.kind === 'insert') {
        plan.inserts.push({ line: m.line, person: { ...m.person, householdId, relation: m.relation } });
        continue;
      }
      if (a.kind === 'skip') {
        plan.skipped++;
        continue;
      }
      const p = m.person;
      const patch: PersonPatch = {
        name: p.name,
        hukouLocal: p.hukouLocal,
        areaCode: p.areaCode,
        streetCode: p.streetCode,
      };
      if (m.phoneGiven)
        Object.assign(patch, {
          phoneHash: p.phoneHash,
          phoneEnc: p.phoneEnc,
          phoneMasked: p.phoneMasked,
          phoneTail: p.phoneTail,
        });
      if (m.addressGiven) patch.address = p.address;
      if (isGroup) Object.assign(patch, { householdId, relation: m.relation });
      else if (a.dup.areaCode !== area || !a.dup.householdId)
        Object.assign(patch, { householdId, relation: 'head' });
      plan.updates.push({ line: m.line, before: a.dup, patch });
    }
  }
  return plan;
}

/** What the audit log keeps of a person: never the plaintext ID number or phone. */
function personAuditView(p: PersonInsert | PersonAfter) {
  return {
    name: p.name,
    idMasked: p.idMasked,
    phoneMasked: p.phoneMasked ?? null,
    hukouLocal: p.hukouLocal,
    areaCode: p.areaCode,
    address: p.address ?? null,
    householdId: p.householdId ?? null,
    relation: p.relation ?? null,
  };
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function findExisting(db: Db, rows: ValidRow[]): Promise<Map<string, ExistingPerson>> {
  const map = new Map<string, ExistingPerson>();
  for (const part of chunks(rows, 5_000))
    for (const p of await findPersonsByIdHashes(
      db,
      part.map((r) => r.person.idHash),
    ))
      map.set(p.idHash, p);
  return map;
}

/**
 * Writes a clean validation in one transaction: households, persons and their audit rows, and
 * the import's own row, so the registry never holds half a file.
 *
 * Audit: one row per inserted or updated person (action person.create / person.update, as a
 * single create writes, with the import and line in `reason`) plus one import.commit summary.
 * The per-person rows are written in bulk (repo.insertAuditRows) in the same transaction, which
 * keeps the audit complete for 100,000 rows at a fraction of the cost of the person inserts.
 */
async function writeValidation(
  ctx: Ctx,
  actor: Actor,
  v: Validation,
  opts: { importId: string; onDuplicate: DuplicateAction; existingImport: boolean; onProgress?: ProgressFn },
): Promise<CommitResult> {
  if (v.badRows > 0) throw new AppError('IMPORT_HAS_ERRORS', { count: v.badRows });
  const scope = scopeOf(actor, 'person.write');
  const at = ctx.clock.now();
  const ms = at.getTime();
  const { importId } = opts;
  return ctx.db.transaction(async (tx) => {
    if (opts.existingImport) {
      const row = await repo.lockImport(tx, importId);
      if (!row) throw new AppError('IMPORT_NOT_FOUND');
      if (row.status === 'committed') throw new AppError('IMPORT_ALREADY_COMMITTED');
      if (row.status !== 'validated') throw new AppError('IMPORT_NOT_READY');
    }
    // Looked up again inside the transaction: someone may have registered a person since validation.
    const existing = await findExisting(tx, v.rows);
    const plan = planCommit(
      v.rows,
      existing,
      opts.onDuplicate,
      (code) => inScope(scope, code),
      () => newId(ms),
    );
    const total = plan.inserts.length + plan.updates.length;
    let done = 0;
    const audits: AuditEvent[] = [];
    const audit = (e: AuditEvent) => audits.push(e);

    for (const part of chunks(plan.households, WRITE_BATCH)) await insertHouseholds(tx, part);
    for (const part of chunks(plan.inserts, WRITE_BATCH)) {
      await insertPersons(
        tx,
        part.map((i) => i.person),
      );
      for (const i of part)
        audit({
          action: 'person.create',
          entityType: 'person',
          entityId: i.person.id,
          areaCode: i.person.areaCode,
          after: personAuditView(i.person),
          reason: `import ${importId}, line ${i.line}`,
        });
      done += part.length;
      await opts.onProgress?.({ phase: 'write', done, total });
    }
    for (const u of plan.updates) {
      const after = await updatePersonRow(tx, u.before.id, u.patch);
      audit({
        action: 'person.update',
        entityType: 'person',
        entityId: after.id,
        areaCode: after.areaCode,
        before: { areaCode: u.before.areaCode, householdId: u.before.householdId, version: u.before.version },
        after: personAuditView(after),
        reason: `import ${importId}, line ${u.line}`,
      });
      done++;
      if (done % WRITE_BATCH === 0) await opts.onProgress?.({ phase: 'write', done, total });
    }
    await recordAudits(tx, ctx.clock, { id: actor.id, name: actor.username }, audits);

    const counts = {
      insertedRows: plan.inserts.length,
      updatedRows: plan.updates.length,
      skippedRows: plan.skipped,
      duplicateRows: existing.size,
    };
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'import.commit',
      entityType: 'import',
      entityId: importId,
      areaCode: v.areaCode,
      after: {
        kind: 'residents',
        fileName: v.fileName,
        totalRows: v.totalRows,
        onDuplicate: opts.onDuplicate,
        households: plan.households.length,
        ...counts,
      },
    });
    const finished = {
      status: 'committed',
      ...counts,
      onDuplicate: opts.onDuplicate,
      finishedAt: at,
      payloadEnc: null,
    };
    if (opts.existingImport) await repo.updateImport(tx, importId, finished);
    else
      await repo.insertImport(tx, {
        id: importId,
        kind: 'residents',
        fileName: v.fileName,
        totalRows: v.totalRows,
        processedRows: v.totalRows,
        areaCode: v.areaCode,
        createdBy: actor.id,
        createdAt: at,
        report: storedReport(v),
        ...finished,
      });
    await opts.onProgress?.({ phase: 'write', done: total, total });
    return {
      importId,
      inserted: plan.inserts.length,
      updated: plan.updates.length,
      skipped: plan.skipped,
      households: plan.households.length,
    };
  });
}

export function storedReport(v: Validation): StoredReport {
  return {
    issues: v.issues.slice(0, REPORT_CAP),
    issuesTruncated: v.issues.length > REPORT_CAP,
    duplicates: v.duplicates.slice(0, REPORT_CAP),
    duplicatesTruncated: v.duplicates.length > REPORT_CAP,
  };
}

// ---------------------------------------------------------------------------------------------
// The command line: a file in memory, validated and (unless a dry run) committed in one go.

/** Parses, validates and, when clean and not a dry run, commits (the CLI's whole job). */
export async function importResidentsFile(
  ctx: Ctx,
  actor: Actor,
  input: {
    buffer: Buffer;
    fileName: string;
    lang: Lang;
    dryRun: boolean;
    onDuplicate: DuplicateAction;
    onProgress?: ProgressFn;
  },
): Promise<{ validation: Validation; result?: CommitResult }> {
  requireImporter(actor);
  const file = await parseResidentFile(input.buffer, input.fileName, input.lang);
  const validation = await validateResidents(ctx, actor, file, input.onProgress);
  if (validation.badRows > 0 || input.dryRun) return { validation };
  const result = await writeValidation(ctx, actor, validation, {
    importId: newId(ctx.clock.now().getTime()),
    onDuplicate: input.onDuplicate,
    existingImport: false,
    onProgress: input.onProgress,
  });
  return { validation, result };
}

// ---------------------------------------------------------------------------------------------
// The web: upload → background validation with progress → report → commit with a choice.

interface Payload {
  fileName: string;
  format: ResidentFile['format'];
  headers: ResidentFile['headers'];
  columns: ResidentFile['columns'];
  headerLine: number;
  rows: [number, string[], number[] | undefined][];
}

function sealFile(ctx: Ctx, file: ResidentFile): string {
  const payload: Payload = { ...file, rows: file.rows.map((r) => [r.line, r.cells, r.lossy]) };
  return ctx.crypto.encrypt(JSON.stringify(payload));
}

function openFile(ctx: Ctx, sealed: string): ResidentFile {
  const p = JSON.parse(ctx.crypto.decrypt(sealed)) as Payload;
  return { ...p, rows: p.rows.map(([line, cells, lossy]) => ({ line, cells, ...(lossy ? { lossy } : {}) })) };
}

const running = new Map<string, Promise<void>>();

/**
 * Takes an upload: the file is parsed in the request (a wrong type, an unreadable file or bad
 * headers come back at once as 4xx and nothing is stored); the rows are then validated in the
 * background while the import row's processedRows moves, and the page polls GET /api/imports/:id.
 * The parsed rows are kept encrypted on the import row until it is committed.
 */
export async function startResidentImport(
  ctx: Ctx,
  actor: Actor,
  upload: { fileName: string; buffer: Buffer },
  lang: Lang,
) {
  const scope = requireImporter(actor);
  const file = await parseResidentFile(upload.buffer, upload.fileName, lang);
  const id = newId(ctx.clock.now().getTime());
  await repo.insertImport(ctx.db, {
    id,
    kind: 'residents',
    fileName: upload.fileName.slice(0, 200),
    status: 'validating',
    totalRows: file.rows.length,
    createdBy: actor.id,
    createdAt: ctx.clock.now(),
    areaCode: scope[0]!.padEnd(12, '0'),
    payloadEnc: sealFile(ctx, file),
  });
  const job = runValidation(ctx, actor, id, file).finally(() => running.delete(id));
  running.set(id, job);
  return getImport(ctx, actor, id, lang);
}

async function runValidation(ctx: Ctx, actor: Actor, id: string, file: ResidentFile): Promise<void> {
  // Let the upload's response go out before the work starts.
  await new Promise((r) => setImmediate(r));
  try {
    const v = await validateResidents(ctx, actor, file, ({ done }) => repo.setProgress(ctx.db, id, done));
    const status: ImportStatus = v.badRows > 0 ? 'invalid' : 'validated';
    await repo.updateImport(ctx.db, id, {
      status,
      processedRows: v.totalRows,
      badRows: v.badRows,
      duplicateRows: v.duplicates.length,
      areaCode: v.areaCode,
      report: storedReport(v),
      ...(status === 'invalid' ? { payloadEnc: null, finishedAt: ctx.clock.now() } : {}),
    });
  } catch (err) {
    const e = err instanceof AppError ? err : new AppError('INTERNAL');
    await repo
      .updateImport(ctx.db, id, {
        status: 'failed',
        error: { code: e.code, params: e.params },
        payloadEnc: null,
        finishedAt: ctx.clock.now(),
      })
      .catch(() => {});
  }
}

async function visibleImport(ctx: Ctx, actor: Actor, id: string): Promise<repo.ImportRow> {
  const scope = requireAnywhere(actor, 'import.run');
  const row = await repo.findImport(ctx.db, id);
  if (!row) throw new AppError('IMPORT_NOT_FOUND');
  const own = row.createdBy === actor.id;
  if (!own && !(row.areaCode && inScope(scope, row.areaCode))) throw new AppError('IMPORT_NOT_FOUND');
  return row;
}

function effectiveStatus(
  row: repo.ImportRow,
  now: Date,
): { status: ImportStatus; error: { code: ErrorCode; params?: Record<string, string | number> } | null } {
  const stored = (row.error as { code?: string; params?: Record<string, string | number> } | null) ?? null;
  const error =
    stored?.code && isErrorCode(stored.code) ? { code: stored.code, params: stored.params } : null;
  if (
    row.status === 'validating' &&
    !running.has(row.id) &&
    now.getTime() - new Date(row.updatedAt).getTime() > STALE_MS
  )
    return { status: 'failed', error: { code: 'INTERNAL' } };
  return { status: row.status as ImportStatus, error };
}

function presentSummary(row: repo.ImportRow, actor: Actor, lang: Lang): ImportSummary {
  const { status, error } = effectiveStatus(row, new Date());
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.fileName,
    status,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    badRows: row.badRows,
    duplicateRows: row.duplicateRows,
    insertedRows: row.insertedRows,
    updatedRows: row.updatedRows,
    skippedRows: row.skippedRows,
    onDuplicate: (row.onDuplicate as DuplicateAction | null) ?? null,
    areaCode: row.areaCode,
    createdBy: row.createdBy,
    createdAt: toIso(row.createdAt),
    finishedAt: row.finishedAt ? toIso(row.finishedAt) : null,
    canCommit: status === 'validated' && row.badRows === 0 && row.createdBy === actor.id,
    error: error ? { code: error.code, message: translateError(error.code, error.params ?? {}, lang) } : null,
  };
}

/** The report in the reader's language: every issue with its column label and reason. */
export function presentReport(report: StoredReport, lang: Lang, areaName: (code: string) => string) {
  return {
    issues: report.issues.map((i) => ({
      line: i.line,
      column: i.column,
      columnLabel: i.header || (i.column ? fieldLabel(i.column, lang) : ''),
      value: i.value,
      code: i.code,
      params: i.params,
      message: translateError(i.code, i.params, lang),
    })),
    issuesTruncated: report.issuesTruncated,
    duplicates: report.duplicates.map((d) => ({ ...d, areaName: areaName(d.areaCode) })),
    duplicatesTruncated: report.duplicatesTruncated,
  };
}

async function areaNamer(ctx: Ctx) {
  const map = new Map((await allAreas(ctx.db)).map((a) => [a.code, a.name]));
  return (code: string) => map.get(code) ?? code;
}

export async function getImport(ctx: Ctx, actor: Actor, id: string, lang: Lang): Promise<ImportView> {
  const row = await visibleImport(ctx, actor, id);
  const report = row.report as StoredReport | null;
  return {
    ...presentSummary(row, actor, lang),
    report: report ? presentReport(report, lang, await areaNamer(ctx)) : null,
  };
}

export async function listImports(ctx: Ctx, actor: Actor, lang: Lang): Promise<{ items: ImportSummary[] }> {
  const scope = requireAnywhere(actor, 'import.run');
  const rows = await repo.listImports(ctx.db, scope.map(areaPrefix), actor.id, 20);
  return { items: rows.map((r) => presentSummary(r, actor, lang)) };
}

/**
 * Commits a validated upload with the chosen duplicate action. The rows are validated again
 * first (the registry may have changed since); a file with bad rows is refused and nothing is
 * written.
 */
export async function commitImport(
  ctx: Ctx,
  actor: Actor,
  id: string,
  onDuplicate: DuplicateAction,
  lang: Lang,
): Promise<ImportView> {
  requireImporter(actor);
  const row = await visibleImport(ctx, actor, id);
  if (row.createdBy !== actor.id) throw new AppError('FORBIDDEN');
  if (row.status === 'committed') throw new AppError('IMPORT_ALREADY_COMMITTED');
  if (row.status === 'invalid') throw new AppError('IMPORT_HAS_ERRORS', { count: row.badRows });
  if (row.status !== 'validated' || !row.payloadEnc) throw new AppError('IMPORT_NOT_READY');
  const v = await validateResidents(ctx, actor, openFile(ctx, row.payloadEnc));
  if (v.badRows > 0) {
    await repo.updateImport(ctx.db, id, {
      status: 'invalid',
      badRows: v.badRows,
      duplicateRows: v.duplicates.length,
      report: storedReport(v),
      payloadEnc: null,
      finishedAt: ctx.clock.now(),
    });
    throw new AppError('IMPORT_HAS_ERRORS', { count: v.badRows });
  }
  await writeValidation(ctx, actor, v, { importId: id, onDuplicate, existingImport: true });
  return getImport(ctx, actor, id, lang);
}
