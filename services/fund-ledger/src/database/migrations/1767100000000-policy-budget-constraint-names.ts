import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The policy-budget books' bounds refuse under constraint names of their own,
 * policy_budget_floor_as_of and policy_budget_ceiling_as_of (they raised the funds' names, so a
 * refusal of a policy's budget was read as a fund's cash limit), with the balance then the day in
 * HINT. A new migration, so a database that ran 1765900000000 gets the names too.
 */
export class PolicyBudgetConstraintNames1767100000000 implements MigrationInterface {
  name = 'PolicyBudgetConstraintNames1767100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION journal_policy_bounds() RETURNS trigger LANGUAGE plpgsql AS $body$
      DECLARE
        breach record;
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM new_postings p
                        WHERE p.account = 'budget-cash' OR starts_with(p.account, 'awards-')) THEN
          RETURN NULL;
        END IF;
        -- each bounded account the statement moves toward its bound, from the earliest such posting's
        -- day: the running balance over the account's days (which the balances' trigger has moved)
        SELECT t.account, t.bound, low.day, low.running INTO breach
          FROM (SELECT e.fund_id, p.account, p.currency, min(e.effective_on) AS first_day,
                       CASE WHEN starts_with(p.account, 'awards-committed:') THEN 'floor' ELSE 'ceiling' END AS bound
                  FROM new_postings p
                  CROSS JOIN LATERAL (SELECT j.fund_id, j.effective_on FROM journal_entries j
                                       WHERE j.id = p.entry_id LIMIT 1) e
                 WHERE (starts_with(p.account, 'awards-committed:') AND p.amount < 0)
                    OR ((starts_with(p.account, 'awards-payable:') OR p.account = 'budget-cash') AND p.amount > 0)
                 GROUP BY e.fund_id, p.account, p.currency) t
          CROSS JOIN LATERAL (
            SELECT days.day, days.running FROM (
              SELECT d.day, sum(d.net) OVER (ORDER BY d.day) AS running FROM account_days d
               WHERE d.fund_id = t.fund_id AND d.account = t.account AND d.currency = t.currency
            ) AS days
             WHERE days.day >= t.first_day
               AND (CASE WHEN t.bound = 'floor' THEN days.running < 0 ELSE days.running > 0 END)
             ORDER BY days.day LIMIT 1
          ) AS low
         ORDER BY t.account LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'account % would be % on %: it never goes %', breach.account, breach.running, breach.day,
              CASE WHEN breach.bound = 'floor' THEN 'below 0 (no more released than was committed)'
                   ELSE 'above 0 (no more paid, released or recaptured than stands)' END
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = CASE WHEN breach.bound = 'floor' THEN 'policy_budget_floor_as_of'
                                    ELSE 'policy_budget_ceiling_as_of' END,
                  DETAIL = breach.account, HINT = breach.running::text || ' ' || breach.day::text;
        END IF;
        RETURN NULL;
      END
      $body$;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION journal_policy_bounds() RETURNS trigger LANGUAGE plpgsql AS $body$
      DECLARE
        breach record;
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM new_postings p
                        WHERE p.account = 'budget-cash' OR starts_with(p.account, 'awards-')) THEN
          RETURN NULL;
        END IF;
        -- each bounded account the statement moves toward its bound, from the earliest such posting's
        -- day: the running balance over the account's days (which the balances' trigger has moved)
        SELECT t.account, t.bound, low.day, low.running INTO breach
          FROM (SELECT e.fund_id, p.account, p.currency, min(e.effective_on) AS first_day,
                       CASE WHEN starts_with(p.account, 'awards-committed:') THEN 'floor' ELSE 'ceiling' END AS bound
                  FROM new_postings p
                  CROSS JOIN LATERAL (SELECT j.fund_id, j.effective_on FROM journal_entries j
                                       WHERE j.id = p.entry_id LIMIT 1) e
                 WHERE (starts_with(p.account, 'awards-committed:') AND p.amount < 0)
                    OR ((starts_with(p.account, 'awards-payable:') OR p.account = 'budget-cash') AND p.amount > 0)
                 GROUP BY e.fund_id, p.account, p.currency) t
          CROSS JOIN LATERAL (
            SELECT days.day, days.running FROM (
              SELECT d.day, sum(d.net) OVER (ORDER BY d.day) AS running FROM account_days d
               WHERE d.fund_id = t.fund_id AND d.account = t.account AND d.currency = t.currency
            ) AS days
             WHERE days.day >= t.first_day
               AND (CASE WHEN t.bound = 'floor' THEN days.running < 0 ELSE days.running > 0 END)
             ORDER BY days.day LIMIT 1
          ) AS low
         ORDER BY t.account LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'account % would be % on %: it never goes %', breach.account, breach.running, breach.day,
              CASE WHEN breach.bound = 'floor' THEN 'below 0 (no more released than was committed)'
                   ELSE 'above 0 (no more paid, released or recaptured than stands)' END
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = CASE WHEN breach.bound = 'floor' THEN 'account_balances_floor_as_of'
                                    ELSE 'account_balances_ceiling_as_of' END,
                  DETAIL = breach.account, HINT = breach.running::text || ' ' || breach.day::text;
        END IF;
        RETURN NULL;
      END
      $body$;
    `);
  }
}
