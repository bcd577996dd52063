-- The ledger's write paths are SQL functions (ADR 0008): each transfer is one round trip, and the
-- row locks it takes are held for as short a time as possible. Errors are raised with a code as
-- the message and JSON parameters as the detail; the service turns them into AppErrors.

-- Transfers are append-only: corrections are reversing transfers, never edits.
CREATE OR REPLACE FUNCTION ledger_transfers_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ledger_transfers is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ledger_transfers_no_update BEFORE UPDATE OR DELETE ON ledger_transfers
  FOR EACH ROW EXECUTE FUNCTION ledger_transfers_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_transfers_no_truncate BEFORE TRUNCATE ON ledger_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_transfers_refuse_change();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_fail(p_code text, p_detail jsonb) RETURNS void AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = p_code, DETAIL = p_detail::text;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Checks a locked pair of accounts: both exist, share the transfer's unit and are open.
CREATE OR REPLACE FUNCTION ledger_check_pair(d ledger_accounts, c ledger_accounts,
  p_debit uuid, p_credit uuid, p_unit text) RETURNS void AS $$
BEGIN
  IF d.id IS NULL THEN
    PERFORM ledger_fail('LEDGER_ACCOUNT_NOT_FOUND', jsonb_build_object('account', p_debit));
  END IF;
  IF c.id IS NULL THEN
    PERFORM ledger_fail('LEDGER_ACCOUNT_NOT_FOUND', jsonb_build_object('account', p_credit));
  END IF;
  IF d.unit <> p_unit OR c.unit <> p_unit THEN
    PERFORM ledger_fail('LEDGER_UNIT_MISMATCH', jsonb_build_object('unit', p_unit,
      'account', CASE WHEN d.unit <> p_unit THEN d.id ELSE c.id END,
      'accountUnit', CASE WHEN d.unit <> p_unit THEN d.unit ELSE c.unit END));
  END IF;
  IF d.closed_at IS NOT NULL OR c.closed_at IS NOT NULL THEN
    PERFORM ledger_fail('LEDGER_ACCOUNT_CLOSED', jsonb_build_object(
      'account', CASE WHEN d.closed_at IS NOT NULL THEN d.id ELSE c.id END));
  END IF;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- A single-phase (posted) or two-phase (pending) transfer, or a reversal (posted, reversal_of).
-- A retry with a known idempotency key returns the stored transfer and moves nothing.
CREATE OR REPLACE FUNCTION ledger_transfer(
  p_id uuid, p_key text, p_debit uuid, p_credit uuid, p_amount bigint, p_unit text, p_flag text,
  p_code text, p_expires_at timestamptz, p_reversal_of uuid, p_ref_type text, p_ref_id text,
  p_memo text, p_actor uuid, p_at timestamptz
) RETURNS SETOF ledger_transfers AS $$
DECLARE
  d ledger_accounts%ROWTYPE;
  c ledger_accounts%ROWTYPE;
  t ledger_transfers%ROWTYPE;
  a ledger_accounts%ROWTYPE;
BEGIN
  SELECT * INTO t FROM ledger_transfers WHERE idempotency_key = p_key;
  IF FOUND THEN RETURN NEXT t; RETURN; END IF;
  IF p_amount IS NULL OR p_amount <= 0 THEN
    PERFORM ledger_fail('LEDGER_AMOUNT_INVALID', jsonb_build_object('amount', p_amount));
  END IF;
  IF p_debit = p_credit THEN
    PERFORM ledger_fail('LEDGER_SAME_ACCOUNT', jsonb_build_object('account', p_debit));
  END IF;
  IF p_flag NOT IN ('posted', 'pending') THEN
    PERFORM ledger_fail('LEDGER_FLAG_INVALID', jsonb_build_object('flag', p_flag));
  END IF;
  -- Both accounts are locked in id order, so transfers crossing the same pair cannot deadlock.
  FOR a IN SELECT * FROM ledger_accounts WHERE id IN (p_debit, p_credit) ORDER BY id FOR UPDATE LOOP
    IF a.id = p_debit THEN d := a; ELSE c := a; END IF;
  END LOOP;
  PERFORM ledger_check_pair(d, c, p_debit, p_credit, p_unit);
  -- A duplicate that committed while this call waited for the locks wins.
  SELECT * INTO t FROM ledger_transfers WHERE idempotency_key = p_key;
  IF FOUND THEN RETURN NEXT t; RETURN; END IF;
  IF p_reversal_of IS NOT NULL AND EXISTS (SELECT 1 FROM ledger_transfers WHERE reversal_of = p_reversal_of) THEN
    PERFORM ledger_fail('LEDGER_ALREADY_REVERSED', jsonb_build_object('transfer', p_reversal_of));
  END IF;
  IF NOT d.allow_negative AND d.credits_posted - d.debits_posted - d.debits_pending < p_amount THEN
    PERFORM ledger_fail('LEDGER_INSUFFICIENT', jsonb_build_object('account', d.id,
      'available', d.credits_posted - d.debits_posted - d.debits_pending, 'amount', p_amount, 'unit', p_unit));
  END IF;
  IF p_flag = 'posted' THEN
    UPDATE ledger_accounts SET debits_posted = debits_posted + p_amount, seq = seq + 1
      WHERE id = p_debit RETURNING * INTO d;
    UPDATE ledger_accounts SET credits_posted = credits_posted + p_amount, seq = seq + 1
      WHERE id = p_credit RETURNING * INTO c;
  ELSE
    UPDATE ledger_accounts SET debits_pending = debits_pending + p_amount, seq = seq + 1
      WHERE id = p_debit RETURNING * INTO d;
    UPDATE ledger_accounts SET credits_pending = credits_pending + p_amount, seq = seq + 1
      WHERE id = p_credit RETURNING * INTO c;
  END IF;
  INSERT INTO ledger_transfers (id, idempotency_key, debit_account_id, credit_account_id, amount, unit,
      flag, code, pending_id, reversal_of, expires_at, ref_type, ref_id, memo, debit_seq, credit_seq,
      debit_balance, credit_balance, actor_id, at)
    VALUES (p_id, p_key, p_debit, p_credit, p_amount, p_unit, p_flag, p_code, NULL, p_reversal_of,
      CASE WHEN p_flag = 'pending' THEN p_expires_at END, p_ref_type, p_ref_id, p_memo, d.seq, c.seq,
      d.credits_posted - d.debits_posted, c.credits_posted - c.debits_posted, p_actor, p_at)
    RETURNING * INTO t;
  RETURN NEXT t;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Posts (captures up to the held amount) or voids a pending transfer. One resolution per hold:
-- a second post or void is refused with the first one's outcome.
CREATE OR REPLACE FUNCTION ledger_resolve(
  p_id uuid, p_key text, p_pending uuid, p_flag text, p_amount bigint, p_code text,
  p_memo text, p_actor uuid, p_at timestamptz
) RETURNS SETOF ledger_transfers AS $$
DECLARE
  d ledger_accounts%ROWTYPE;
  c ledger_accounts%ROWTYPE;
  p ledger_transfers%ROWTYPE;
  r ledger_transfers%ROWTYPE;
  t ledger_transfers%ROWTYPE;
  a ledger_accounts%ROWTYPE;
  v_amount bigint;
BEGIN
  SELECT * INTO t FROM ledger_transfers WHERE idempotency_key = p_key;
  IF FOUND THEN RETURN NEXT t; RETURN; END IF;
  IF p_flag NOT IN ('post', 'void') THEN
    PERFORM ledger_fail('LEDGER_FLAG_INVALID', jsonb_build_object('flag', p_flag));
  END IF;
  SELECT * INTO p FROM ledger_transfers WHERE id = p_pending;
  IF NOT FOUND OR p.flag <> 'pending' THEN
    PERFORM ledger_fail('LEDGER_PENDING_NOT_FOUND', jsonb_build_object('transfer', p_pending));
  END IF;
  FOR a IN SELECT * FROM ledger_accounts WHERE id IN (p.debit_account_id, p.credit_account_id)
      ORDER BY id FOR UPDATE LOOP
    IF a.id = p.debit_account_id THEN d := a; ELSE c := a; END IF;
  END LOOP;
  PERFORM ledger_check_pair(d, c, p.debit_account_id, p.credit_account_id, p.unit);
  SELECT * INTO t FROM ledger_transfers WHERE idempotency_key = p_key;
  IF FOUND THEN RETURN NEXT t; RETURN; END IF;
  SELECT * INTO r FROM ledger_transfers WHERE pending_id = p_pending;
  IF FOUND THEN
    PERFORM ledger_fail('LEDGER_PENDING_RESOLVED', jsonb_build_object('transfer', p_pending,
      'resolution', CASE WHEN r.code = 'ledger.expire' THEN 'expired' ELSE r.flag END));
  END IF;
  IF p_flag = 'post' THEN
    IF p.expires_at IS NOT NULL AND p.expires_at <= p_at THEN
      PERFORM ledger_fail('LEDGER_HOLD_EXPIRED', jsonb_build_object('transfer', p_pending,
        'expiresAt', p.expires_at));
    END IF;
    v_amount := coalesce(p_amount, p.amount);
    IF v_amount <= 0 THEN
      PERFORM ledger_fail('LEDGER_AMOUNT_INVALID', jsonb_build_object('amount', v_amount));
    END IF;
    IF v_amount > p.amount THEN
      PERFORM ledger_fail('LEDGER_CAPTURE_EXCEEDS_HOLD', jsonb_build_object('amount', v_amount,
        'held', p.amount, 'unit', p.unit));
    END IF;
    UPDATE ledger_accounts SET debits_pending = debits_pending - p.amount,
        debits_posted = debits_posted + v_amount, seq = seq + 1
      WHERE id = p.debit_account_id RETURNING * INTO d;
    UPDATE ledger_accounts SET credits_pending = credits_pending - p.amount,
        credits_posted = credits_posted + v_amount, seq = seq + 1
      WHERE id = p.credit_account_id RETURNING * INTO c;
  ELSE
    v_amount := p.amount;
    UPDATE ledger_accounts SET debits_pending = debits_pending - p.amount, seq = seq + 1
      WHERE id = p.debit_account_id RETURNING * INTO d;
    UPDATE ledger_accounts SET credits_pending = credits_pending - p.amount, seq = seq + 1
      WHERE id = p.credit_account_id RETURNING * INTO c;
  END IF;
  INSERT INTO ledger_transfers (id, idempotency_key, debit_account_id, credit_account_id, amount, unit,
      flag, code, pending_id, reversal_of, expires_at, ref_type, ref_id, memo, debit_seq, credit_seq,
      debit_balance, credit_balance, actor_id, at)
    VALUES (p_id, p_key, p.debit_account_id, p.credit_account_id, v_amount, p.unit, p_flag,
      coalesce(p_code, p.code), p_pending, NULL, NULL, p.ref_type, p.ref_id, p_memo, d.seq, c.seq,
      d.credits_posted - d.debits_posted, c.credits_posted - c.debits_posted, p_actor, p_at)
    RETURNING * INTO t;
  RETURN NEXT t;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Many posted transfers from one account (a programme's fund) to many accounts, one each, in one
-- statement set: the monthly grant. Keys already present are skipped, so a rerun credits nobody
-- twice. Returns how many were posted now and their sum.
CREATE OR REPLACE FUNCTION ledger_post_batch(
  p_debit uuid, p_unit text, p_code text, p_ids uuid[], p_keys text[], p_credits uuid[],
  p_amounts bigint[], p_ref_type text, p_ref_ids text[], p_memo text, p_actor uuid, p_at timestamptz,
  OUT posted integer, OUT total bigint
) AS $$
DECLARE
  d ledger_accounts%ROWTYPE;
  v_bad uuid;
BEGIN
  IF cardinality(p_ids) <> cardinality(p_keys) OR cardinality(p_ids) <> cardinality(p_credits)
     OR cardinality(p_ids) <> cardinality(p_amounts) OR cardinality(p_ids) <> cardinality(p_ref_ids) THEN
    PERFORM ledger_fail('LEDGER_BATCH_SHAPE', '{}'::jsonb);
  END IF;
  IF EXISTS (SELECT 1 FROM unnest(p_amounts) a WHERE a IS NULL OR a <= 0) THEN
    PERFORM ledger_fail('LEDGER_AMOUNT_INVALID', jsonb_build_object('amount',
      (SELECT a FROM unnest(p_amounts) a WHERE a IS NULL OR a <= 0 LIMIT 1)));
  END IF;
  IF (SELECT count(DISTINCT x) FROM unnest(p_credits) x) <> cardinality(p_credits)
     OR p_debit = ANY(p_credits) THEN
    PERFORM ledger_fail('LEDGER_BATCH_DUPLICATE_ACCOUNT', '{}'::jsonb);
  END IF;
  PERFORM 1 FROM ledger_accounts WHERE id = p_debit OR id = ANY(p_credits) ORDER BY id FOR UPDATE;
  SELECT * INTO d FROM ledger_accounts WHERE id = p_debit;
  IF NOT FOUND THEN
    PERFORM ledger_fail('LEDGER_ACCOUNT_NOT_FOUND', jsonb_build_object('account', p_debit));
  END IF;
  IF d.unit <> p_unit THEN
    PERFORM ledger_fail('LEDGER_UNIT_MISMATCH', jsonb_build_object('unit', p_unit, 'account', d.id,
      'accountUnit', d.unit));
  END IF;
  IF d.closed_at IS NOT NULL THEN
    PERFORM ledger_fail('LEDGER_ACCOUNT_CLOSED', jsonb_build_object('account', d.id));
  END IF;
  SELECT x INTO v_bad FROM unnest(p_credits) x
    WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = x) LIMIT 1;
  IF v_bad IS NOT NULL THEN
    PERFORM ledger_fail('LEDGER_ACCOUNT_NOT_FOUND', jsonb_build_object('account', v_bad));
  END IF;
  SELECT a.id INTO v_bad FROM ledger_accounts a WHERE a.id = ANY(p_credits)
    AND (a.unit <> p_unit OR a.closed_at IS NOT NULL) LIMIT 1;
  IF v_bad IS NOT NULL THEN
    PERFORM ledger_fail('LEDGER_UNIT_MISMATCH', jsonb_build_object('unit', p_unit, 'account', v_bad));
  END IF;

  CREATE TEMP TABLE IF NOT EXISTS ledger_batch_new (
    ord bigint, id uuid, key text, credit uuid, amount bigint, ref_id text
  ) ON COMMIT DROP;
  TRUNCATE ledger_batch_new;
  INSERT INTO ledger_batch_new
    SELECT r.ord, r.id, r.key, r.credit, r.amount, r.ref_id
    FROM unnest(p_ids, p_keys, p_credits, p_amounts, p_ref_ids) WITH ORDINALITY
      AS r(id, key, credit, amount, ref_id, ord)
    WHERE NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.idempotency_key = r.key);
  SELECT count(*), coalesce(sum(amount), 0) INTO posted, total FROM ledger_batch_new;
  IF posted = 0 THEN RETURN; END IF;
  IF NOT d.allow_negative AND d.credits_posted - d.debits_posted - d.debits_pending < total THEN
    PERFORM ledger_fail('LEDGER_INSUFFICIENT', jsonb_build_object('account', d.id,
      'available', d.credits_posted - d.debits_posted - d.debits_pending, 'amount', total, 'unit', p_unit));
  END IF;
  WITH n AS (
    SELECT b.*, row_number() OVER (ORDER BY b.ord) AS rn, sum(b.amount) OVER (ORDER BY b.ord) AS running
    FROM ledger_batch_new b
  ), cu AS (
    UPDATE ledger_accounts a SET credits_posted = a.credits_posted + n.amount, seq = a.seq + 1
    FROM n WHERE a.id = n.credit
    RETURNING a.id, a.seq, a.credits_posted - a.debits_posted AS bal
  )
  INSERT INTO ledger_transfers (id, idempotency_key, debit_account_id, credit_account_id, amount, unit,
      flag, code, pending_id, reversal_of, expires_at, ref_type, ref_id, memo, debit_seq, credit_seq,
      debit_balance, credit_balance, actor_id, at)
    SELECT n.id, n.key, p_debit, n.credit, n.amount, p_unit, 'posted', p_code, NULL, NULL, NULL,
      p_ref_type, n.ref_id, p_memo, d.seq + n.rn, cu.seq,
      d.credits_posted - d.debits_posted - n.running, cu.bal, p_actor, p_at
    FROM n JOIN cu ON cu.id = n.credit;
  UPDATE ledger_accounts SET debits_posted = debits_posted + total, seq = seq + posted WHERE id = p_debit;
END;
$$ LANGUAGE plpgsql;
