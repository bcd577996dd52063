import { FACT_KINDS, type FactKind } from '../../../contracts/domain.ts';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import { communityCode, communityFullName, DISTRICT, STREETS, villageCode } from '../areas/index.ts';
import { createUser, listUsers } from '../identity/index.ts';
import { insertOrgs } from '../orgs/index.ts';
import {
  checkFact,
  checkPhone,
  countPersons,
  insertFacts,
  insertHouseholds,
  insertPersons,
  preparePerson,
} from '../registry/index.ts';
import { checkCoordinates, checkOpeningHours, insertServicePoints } from '../service-points/index.ts';
import { buildFacilities } from './demo.facilities.ts';
import { type DemoFact, householdFacts } from './demo.facts.ts';
import { CreditCodeAllocator, IdNumberAllocator } from './demo.identifiers.ts';
import { DEMO_LOGINS } from './demo.logins.ts';
import { AddressBook, type CommunityPlace, placeCommunity } from './demo.places.ts';
import { drawStreet, formHouseholds, splitHouseholds, streetCounts } from './demo.population.ts';
import { createIdFactory, createRng } from './demo.random.ts';
import { finishHouseholds } from './demo.residents.ts';
import { seedElderlyServices } from './demo.services.ts';

export interface DemoOptions {
  /** number of person records (the living and those who died during the past year) */
  residents: number;
  seed: number;
  onProgress?: (message: string) => void;
}

export interface DemoSummary {
  referenceDate: string;
  seed: number;
  residents: number;
  deceased: number;
  households: number;
  facts: Record<FactKind, number>;
  orgs: number;
  servicePoints: number;
  users: number;
  seconds: number;
}

export const MAX_DEMO_RESIDENTS = 2_000_000;

type HouseholdRow = Parameters<typeof insertHouseholds>[1][number];
type PersonRow = Parameters<typeof insertPersons>[1][number];
type FactRow = Parameters<typeof insertFacts>[1][number];

/**
 * Rows per INSERT. PostgreSQL takes at most 65,535 bind parameters per statement; PGlite also
 * fails on very large messages (a 2,000-person statement of 36,000 parameters did), so the
 * batches stay well below both.
 */
const PERSON_BATCH = 1_000;
const FACT_BATCH = 2_000;
const HOUSEHOLD_BATCH = 3_000;
/** People per transaction: a failure loses one chunk, not the run, and memory stays flat. */
const CHUNK = 5_000;
const RECORDED_BY = SYSTEM_ACTOR.username;

/** The community and village areas of a street, in code order. */
function residenceAreas(si: number): { code: string; name: string; isVillage: boolean }[] {
  const s = STREETS[si]!;
  return [
    ...s.communities.map((n, ci) => ({
      code: communityCode(si, ci),
      name: communityFullName(n),
      isVillage: false,
    })),
    ...s.villages.map((n, vi) => ({ code: villageCode(si, vi), name: n, isVillage: true })),
  ];
}

/**
 * Writes buffered rows in one transaction per chunk. The next chunk is generated while the
 * database stores the previous one (on PostgreSQL that work runs in the server process).
 */
class ChunkWriter {
  households: HouseholdRow[] = [];
  persons: PersonRow[] = [];
  facts: FactRow[] = [];
  written = 0;
  private pending: Promise<void> | undefined;
  private failure: unknown;

  constructor(
    private readonly ctx: Ctx,
    private readonly total: number,
    private readonly onProgress?: (message: string) => void,
  ) {}

  async flushIfFull(): Promise<void> {
    if (this.persons.length >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    await this.settle();
    if (!this.persons.length && !this.households.length && !this.facts.length) return;
    const { households, persons, facts } = this;
    this.households = [];
    this.persons = [];
    this.facts = [];
    this.pending = this.ctx.db
      .transaction(async (tx) => {
        for (let i = 0; i < households.length; i += HOUSEHOLD_BATCH)
          await insertHouseholds(tx, households.slice(i, i + HOUSEHOLD_BATCH));
        for (let i = 0; i < persons.length; i += PERSON_BATCH)
          await insertPersons(tx, persons.slice(i, i + PERSON_BATCH));
        for (let i = 0; i < facts.length; i += FACT_BATCH)
          await insertFacts(tx, facts.slice(i, i + FACT_BATCH));
      })
      .then(() => {
        this.written += persons.length;
        this.onProgress?.(`居民 residents ${this.written}/${this.total}`);
      })
      .catch((err) => {
        this.failure = err;
      });
  }

  async settle(): Promise<void> {
    if (this.pending) await this.pending;
    this.pending = undefined;
    if (this.failure) throw this.failure;
  }
}

/**
 * Generates the demo district: residents in households with facts, organisations and service
 * points, and the demo users. Everything follows from `seed`, `residents` and the reference date
 * (`ctx.clock.today()`): the same three give the same names, ID numbers, households, facts and
 * row ids. The registry must be empty (ID numbers are unique).
 */
export async function generateDemoDistrict(ctx: Ctx, opts: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const residents = opts.residents;
  if (!Number.isInteger(residents) || residents < 1 || residents > MAX_DEMO_RESIDENTS)
    throw new Error(`demo: residents must be a whole number from 1 to ${MAX_DEMO_RESIDENTS}`);
  if (!Number.isSafeInteger(opts.seed)) throw new Error('demo: seed must be a whole number');
  const existing = await countPersons(ctx.db);
  if (existing > 0)
    throw new Error(`demo: the registry already holds ${existing} people; generate into an empty database`);

  const today = ctx.clock.today();
  const now = ctx.clock.now();
  const rng = createRng(`minsheng-demo:${opts.seed}`);
  const newId = createIdFactory(rng.fork('row-ids'), Date.parse(`${today}T00:00:00+08:00`));
  const idNumbers = new IdNumberAllocator();
  const certificates = { next: 1 };
  const writer = new ChunkWriter(ctx, residents, opts.onProgress);
  const factCounts = Object.fromEntries(FACT_KINDS.map((k) => [k, 0])) as Record<FactKind, number>;
  const places: CommunityPlace[] = [];
  let households = 0;
  let deceased = 0;

  try {
    const perStreet = streetCounts(residents);
    for (const [si, street] of STREETS.entries()) {
      const people = drawStreet(rng.fork(`people:${si}`), si, perStreet[si]!, today);
      const planned = formHouseholds(rng.fork(`households:${si}`), people);
      const parts = splitHouseholds(rng.fork(`split:${si}`), si, planned);
      const areas = residenceAreas(si);
      for (const [ai, area] of areas.entries()) {
        const place = placeCommunity(
          rng.fork(`place:${area.code}`),
          si,
          area.code,
          area.name,
          area.isVillage,
        );
        places.push(place);
        const book = new AddressBook(place);
        const made = finishHouseholds(rng.fork(`residents:${area.code}`), idNumbers, parts[ai] ?? [], {
          areaCode: area.code,
          formerJianggan: street.formerJianggan,
          book,
          today,
        });
        const factRng = rng.fork(`facts:${area.code}`);
        const incomeHealthRng = rng.fork(`income-health:${area.code}`);
        for (const h of made) {
          const householdId = newId();
          writer.households.push({ id: householdId, areaCode: h.areaCode, address: h.address });
          households++;
          const personIds = new Map<(typeof h.members)[number], string>();
          for (const p of h.members) {
            const id = newId();
            personIds.set(p, id);
            const prepared = preparePerson(
              ctx,
              {
                name: p.name,
                idNumber: p.idNumber,
                phone: p.phone,
                hukouLocal: p.hukouLocal,
                areaCode: h.areaCode,
                address: h.address,
                relation: p.relation,
                householdId,
              },
              today,
              id,
            );
            if (!prepared.ok)
              throw new Error(`demo: generated person rejected: ${JSON.stringify(prepared.issues)}`);
            if (p.deceasedOn) {
              prepared.value.row.deceasedOn = p.deceasedOn;
              deceased++;
            }
            writer.persons.push(prepared.value.row);
          }
          const facts = householdFacts(factRng, h, {
            today,
            streetName: street.name,
            communityName: area.name,
            certificates,
            incomeHealthRng,
          });
          for (const f of checked(facts)) {
            writer.facts.push({
              personId: personIds.get(f.person)!,
              id: newId(),
              kind: f.kind,
              value: f.value,
              validFrom: f.validFrom,
              validTo: f.validTo,
              source: f.source,
              recordedBy: RECORDED_BY,
              recordedAt: now,
              closedBy: f.validTo ? RECORDED_BY : null,
            });
            factCounts[f.kind]++;
          }
        }
        await writer.flushIfFull();
      }
    }
    await writer.flush();
    await writer.settle();
  } catch (err) {
    // Chunks already committed stay: a half-made district is better replaced than patched.
    if (writer.written === 0) throw err;
    throw new Error(
      `demo: stopped after ${writer.written} residents were written; generate again into an empty database`,
      { cause: err },
    );
  }

  opts.onProgress?.('机构与服务点 organisations and service points');
  const { orgs, points } = buildFacilities({
    rng: rng.fork('facilities'),
    newId,
    credit: new CreditCodeAllocator(),
    communities: places,
  });
  for (const o of orgs) {
    const phone = checkPhone(o.contactPhone, 'contactPhone');
    if (!phone.ok) throw new Error(`demo: generated contact phone rejected: ${o.contactPhone}`);
  }
  for (const p of points) {
    const issues = [...checkCoordinates(p.lat, p.lng), ...checkOpeningHours(p.openingHours)];
    if (issues.length)
      throw new Error(`demo: generated service point rejected: ${p.name} ${JSON.stringify(issues)}`);
  }
  await ctx.db.transaction(async (tx) => {
    for (let i = 0; i < orgs.length; i += 2_000) await insertOrgs(tx, orgs.slice(i, i + 2_000));
    for (let i = 0; i < points.length; i += 2_000) await insertServicePoints(tx, points.slice(i, i + 2_000));
  });

  opts.onProgress?.('演示账号 demo users');
  const users = await ensureDemoUsers(ctx);
  opts.onProgress?.('养老服务 elderly services');
  await seedElderlyServices(ctx, { orgs, seed: opts.seed, residents, onProgress: opts.onProgress });

  const summary: DemoSummary = {
    referenceDate: today,
    seed: opts.seed,
    residents,
    deceased,
    households,
    facts: factCounts,
    orgs: orgs.length,
    servicePoints: points.length,
    users,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  // One audit row for the whole run rather than one per generated row: the rows are synthetic,
  // written by the system in one operation, and a million audit rows would only repeat the seed.
  // The row records what was generated and from which seed, which is what an auditor needs.
  await recordAudit(
    ctx.db,
    ctx.clock,
    { id: SYSTEM_ACTOR.id, name: SYSTEM_ACTOR.username },
    {
      action: 'demo.generate',
      entityType: 'district',
      entityId: DISTRICT.code,
      areaCode: DISTRICT.code,
      after: summary,
    },
  );
  opts.onProgress?.(
    `完成 done: ${residents} 居民 residents, ${households} 户 households (${summary.seconds} s)`,
  );
  return summary;
}

/**
 * Checks every generated fact with the registry's own rules (value shape, dates, card number
 * against the ID number, no overlap with the person's facts of the same kind). A failure is a
 * bug in the generator, so it stops the run instead of writing bad data.
 */
function checked(facts: DemoFact[]): DemoFact[] {
  const spans = new Map<string, { id: string; validFrom: string; validTo: string | null }[]>();
  const ids = new Map<object, number>();
  for (const f of facts) {
    let pid = ids.get(f.person);
    if (pid === undefined) {
      pid = ids.size;
      ids.set(f.person, pid);
    }
    const key = `${pid}:${f.kind}`;
    const existing = spans.get(key) ?? [];
    const { issues } = checkFact(
      { kind: f.kind, value: f.value, validFrom: f.validFrom, validTo: f.validTo },
      { birthDate: f.person.birthDate, idNumber: f.person.idNumber },
      existing,
    );
    if (issues.length)
      throw new Error(
        `demo: generated fact rejected: ${f.kind} ${JSON.stringify(f.value)} ${f.validFrom}–${f.validTo ?? ''} ${JSON.stringify(issues)}`,
      );
    existing.push({ id: String(existing.length), validFrom: f.validFrom, validTo: f.validTo });
    spans.set(key, existing);
  }
  return facts;
}

/** Creates the demo accounts that do not exist yet; returns how many demo accounts exist. */
export async function ensureDemoUsers(ctx: Ctx): Promise<number> {
  const have = new Set((await listUsers(ctx)).map((u) => u.username));
  for (const l of DEMO_LOGINS) {
    if (have.has(l.username)) continue;
    await createUser(ctx, {
      username: l.username,
      displayName: l.displayName,
      password: l.password,
      grants: [{ role: l.role, areaCode: l.areaCode }],
    });
  }
  return DEMO_LOGINS.length;
}

/** `npm start`: generates the district when the registry is empty; makes sure the demo users exist. */
export async function ensureDemoDistrict(ctx: Ctx, opts: DemoOptions): Promise<boolean> {
  if ((await countPersons(ctx.db)) > 0) {
    await ensureDemoUsers(ctx);
    return false;
  }
  await generateDemoDistrict(ctx, opts);
  return true;
}
