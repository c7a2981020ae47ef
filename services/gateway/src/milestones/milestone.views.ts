import { ApiProperty } from '@nestjs/swagger';
import { type MilestoneJson } from '@parkledger/contracts';
import { jsonObject, orNull } from '../http/views';

export class MilestoneView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId!: string;
  @ApiProperty({ example: 'new-drug-approval' }) kind!: string;
  @ApiProperty({ example: '2024-01-31', format: 'date' }) achievedOn!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { product: 'XZP-3287 tablets', drugClass: 1 },
    description: 'the facts of its kind, in the order the kind declares them',
  })
  facts!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time', description: 'when the registry recorded it' }) recordedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'the project it belongs to, if any' })
  projectId!: string | null;
}

export class MilestonePage {
  @ApiProperty({ type: [MilestoneView], description: 'by the day each was achieved, then in the order recorded' })
  items!: MilestoneView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor= for the next page' })
  nextCursor!: string | null;
}

export function milestoneView(milestone: MilestoneJson | undefined): MilestoneView {
  return {
    id: milestone?.id ?? '',
    enterpriseId: milestone?.enterpriseId ?? '',
    kind: milestone?.kind ?? '',
    achievedOn: milestone?.achievedOn ?? '',
    facts: jsonObject(milestone?.factsJson) ?? {},
    recordedAt: milestone?.recordedAt ?? '',
    projectId: orNull(milestone?.projectId),
  };
}
