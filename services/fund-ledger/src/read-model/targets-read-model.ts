import { type ConsumedEvent } from '@parkledger/messaging';
import { assertNever } from '@parkledger/platform';
import { type PoolClient } from 'pg';

/**
 * The topics the fund ledger learns what a fund can invest in from: the pipeline's projects and the
 * registry's enterprises. It never asks those services; it keeps its own read model of them.
 */
export const TARGET_TOPICS = ['parkledger.projects.v1', 'parkledger.enterprises.v1'];

/**
 * Applies one event to the read model inside the inbox transaction. A project is known from its
 * registration (with its park and enterprise), an enterprise from its registration; a repeat or a
 * later event of the same one changes nothing. Other project events don't move what the ledger knows.
 */
export async function applyTargetEvent({ event }: ConsumedEvent, tx: PoolClient): Promise<void> {
  switch (event.type) {
    case 'parkledger.project.registered.v1': {
      const project = event.payload.project;
      if (project === undefined) throw new Error(`${event.type} without a project`);
      await tx.query(
        `INSERT INTO known_projects (id, park_id, enterprise_id) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
        [project.id, project.parkId, project.enterpriseId],
      );
      return;
    }
    case 'parkledger.enterprise.registered.v1': {
      const enterprise = event.payload.enterprise;
      if (enterprise === undefined) throw new Error(`${event.type} without an enterprise`);
      await tx.query('INSERT INTO known_enterprises (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [enterprise.id]);
      return;
    }
    case 'parkledger.project.negotiation-started.v1':
    case 'parkledger.project.signed.v1':
    case 'parkledger.project.construction-started.v1':
    case 'parkledger.project.commissioned.v1':
    case 'parkledger.project.terminated.v1':
    case 'parkledger.project.investment-reported.v1':
    case 'parkledger.project.plan-amended.v1':
    case 'parkledger.enterprise.updated.v1':
      return;
    case 'parkledger.probe.emitted.v1':
    case 'parkledger.park.registered.v1':
    case 'parkledger.park.updated.v1':
    case 'parkledger.park.moved.v1':
    case 'parkledger.park.removed.v1':
    case 'parkledger.park.retired.v1':
    case 'parkledger.settlement.settled.v1':
    case 'parkledger.settlement.left.v1':
    case 'parkledger.fund.registered.v1':
    case 'parkledger.fund.partner-committed.v1':
    case 'parkledger.fund.capital-called.v1':
    case 'parkledger.fund.contribution-received.v1':
    case 'parkledger.fund.investment-made.v1':
    case 'parkledger.fund.investment-valued.v1':
    case 'parkledger.fund.exit-realised.v1':
    case 'parkledger.fund.investment-written-off.v1':
    case 'parkledger.fund.distribution-made.v1':
    case 'parkledger.fund.fee-charged.v1':
    case 'parkledger.fund.entry-reversed.v1':
    case 'parkledger.fund.period-closed.v1':
    case 'parkledger.fund.entries-imported.v1':
      // not on the projects or enterprises topics: a contract change, so fail loudly (retries, then the dead-letter topic)
      throw new Error(`the fund ledger's read model does not handle ${event.type}`);
  }
  return assertNever(event, 'event');
}
