import { ApiProperty } from '@nestjs/swagger';
import { type AwardJson, type EvaluationJson, type PolicyVersionJson, type TraceStepJson } from '@parkledger/contracts';
import { jsonObject, moneyView, MoneyView, orNull } from '../http/views';

export class PolicyVersionView {
  @ApiProperty({ example: 'jinan-2019-biomedical' }) policy!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: '2019-12-11', format: 'date', description: 'the first award date it applies to' })
  effectiveFrom!: string;
  @ApiProperty({ example: '济南市促进生物医药产业高质量发展的若干政策措施' }) titleZh!: string;
  @ApiProperty() titleEn!: string;
  @ApiProperty({ type: [String], description: 'the park ids it covers, each with the parks below it' })
  parks!: string[];
  @ApiProperty({ type: MoneyView }) budgetPerYear!: MoneyView;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'the document as published; null in a history or a list',
  })
  document!: Record<string, unknown> | null;
}

export class PolicyResult {
  @ApiProperty({ type: PolicyVersionView }) version!: PolicyVersionView;
  @ApiProperty({ type: [PolicyVersionView], description: 'every version, oldest first, documents left out' })
  history!: PolicyVersionView[];
}

export class PolicyPage {
  @ApiProperty({ type: [PolicyVersionView], description: 'each policy’s latest version' })
  items!: PolicyVersionView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor= for the next page' })
  nextCursor!: string | null;
}

export class TraceStepView {
  @ApiProperty({ enum: ['eligibility', 'rule', 'count', 'cap', 'budget'] }) step!: string;
  @ApiProperty({ example: 'fixed 3,500,000.00 CNY' }) what!: string;
  @ApiProperty({ type: MoneyView, description: 'the amount after this step' }) amount!: MoneyView;
}

export class EvaluationView {
  @ApiProperty({ example: '3' }) item!: string;
  @ApiProperty({ type: MoneyView }) amount!: MoneyView;
  @ApiProperty({ enum: ['full', 'cut', 'refused'] }) outcome!: string;
  @ApiProperty({ nullable: true, type: String, description: 'why it was cut or refused' }) reason!: string | null;
  @ApiProperty({ type: [TraceStepView] }) trace!: TraceStepView[];
  @ApiProperty({ type: [Number], description: 'the thresholds a tiers rule pays' }) tiers!: number[];
  @ApiProperty({ example: 1 }) policyVersion!: number;
}

export class AwardView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'jinan-2019-biomedical' }) policy!: string;
  @ApiProperty({ example: 1 }) policyVersion!: number;
  @ApiProperty({ example: '3' }) item!: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) projectId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'the milestone that triggered it' })
  milestoneId!: string | null;
  @ApiProperty({ format: 'date' }) awardOn!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) facts!: Record<string, unknown>;
  @ApiProperty({ enum: ['submitted', 'granted', 'rejected', 'paid', 'revoked'] }) status!: string;
  @ApiProperty({ type: MoneyView }) granted!: MoneyView;
  @ApiProperty({ type: MoneyView }) paid!: MoneyView;
  @ApiProperty({ type: MoneyView }) recaptured!: MoneyView;
  @ApiProperty({ nullable: true, type: String, description: 'why it was granted in part, rejected or revoked' })
  reason!: string | null;
  @ApiProperty({ enum: ['application', 'milestone'] }) source!: string;
  @ApiProperty({ example: 1 }) version!: number;
}

export class AwardResult {
  @ApiProperty({ type: AwardView }) award!: AwardView;
  @ApiProperty({
    type: EvaluationView,
    nullable: true,
    description: 'what the policy gives it; null after a rejection',
  })
  evaluation!: EvaluationView | null;
}

export class AwardPage {
  @ApiProperty({ type: [AwardView] }) items!: AwardView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor= for the next page' })
  nextCursor!: string | null;
}

export const policyVersionView = (version: PolicyVersionJson | undefined): PolicyVersionView => ({
  policy: version?.policy ?? '',
  version: Number(version?.version ?? 0),
  effectiveFrom: version?.effectiveFrom ?? '',
  titleZh: version?.titleZh ?? '',
  titleEn: version?.titleEn ?? '',
  parks: version?.parks ?? [],
  budgetPerYear: moneyView(version?.budgetPerYear),
  publishedAt: version?.publishedAt ?? '',
  document: jsonObject(version?.documentJson),
});

const traceStepView = (step: TraceStepJson): TraceStepView => ({
  step: step.step ?? '',
  what: step.what ?? '',
  amount: moneyView(step.amount),
});

export const evaluationView = (evaluation: EvaluationJson | undefined): EvaluationView | null =>
  evaluation === undefined
    ? null
    : {
        item: evaluation.item ?? '',
        amount: moneyView(evaluation.amount),
        outcome: evaluation.outcome ?? '',
        reason: orNull(evaluation.reason),
        trace: (evaluation.trace ?? []).map(traceStepView),
        tiers: (evaluation.tiers ?? []).map(Number),
        policyVersion: Number(evaluation.policyVersion ?? 0),
      };

export const awardView = (award: AwardJson | undefined): AwardView => ({
  id: award?.id ?? '',
  policy: award?.policy ?? '',
  policyVersion: Number(award?.policyVersion ?? 0),
  item: award?.item ?? '',
  enterpriseId: award?.enterpriseId ?? '',
  projectId: orNull(award?.projectId),
  milestoneId: orNull(award?.milestoneId),
  awardOn: award?.awardOn ?? '',
  facts: jsonObject(award?.factsJson) ?? {},
  status: award?.status ?? '',
  granted: moneyView(award?.granted),
  paid: moneyView(award?.paid),
  recaptured: moneyView(award?.recaptured),
  reason: orNull(award?.reason),
  source: award?.source ?? '',
  version: Number(award?.version ?? 0),
});
