import { fromJson } from '@bufbuild/protobuf';
import { AwardSchema, EvaluationSchema, type AwardJson, type EvaluationJson, moneyJson } from '@parkledger/contracts';
import { type Evaluation } from '../evaluation/evaluate';
import { type AwardRow } from './awards.repository';

export function awardJson(row: AwardRow): AwardJson {
  return {
    id: row.id,
    policy: row.policy,
    policyVersion: String(row.policy_version),
    item: row.item,
    enterpriseId: row.enterprise_id,
    projectId: row.project_id ?? '',
    awardOn: row.award_on,
    factsJson: JSON.stringify(row.facts),
    status: row.status,
    granted: moneyJson(row.granted, row.currency),
    paid: moneyJson(row.paid, row.currency),
    recaptured: moneyJson(row.recaptured, row.currency),
    reason: row.reason,
    source: row.source,
    milestoneId: row.milestone_id ?? '',
    version: row.version,
  };
}

export function evaluationJson(evaluation: Evaluation, currency: string, policyVersion: number): EvaluationJson {
  return {
    item: evaluation.item,
    amount: moneyJson(evaluation.amount, currency),
    outcome: evaluation.outcome,
    reason: evaluation.reason,
    trace: evaluation.trace.map((step) => ({
      step: step.step,
      what: step.what,
      amount: moneyJson(step.amount, currency),
    })),
    tiers: evaluation.tiers.map(String),
    policyVersion: String(policyVersion),
  };
}

/** The award and the evaluation as an event carries them: the generated messages, int64 as bigint. */
export const awardMessage = (award: AwardJson) => fromJson(AwardSchema, award);
export const evaluationMessage = (evaluation: EvaluationJson) => fromJson(EvaluationSchema, evaluation);
