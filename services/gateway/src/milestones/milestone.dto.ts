import { MILESTONE_FACTS, MILESTONE_KINDS } from '@parkledger/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsUUID } from 'class-validator';
import { IsCalendarDate } from '../http/calendar-date.validator';
import { PageQuery } from '../http/dto';
import { MayBeOmitted } from '../http/may-be-omitted';

/** Each kind with the facts it records and their types, for the spec: MILESTONE_FACTS in words. */
export const FACTS_BY_KIND = Object.entries(MILESTONE_FACTS)
  .map(([kind, facts]) => {
    const named = Object.entries(facts).map(
      ([name, type]) =>
        `${name} (${typeof type === 'string' ? (type === 'integer' ? 'integer from 1' : type) : (type as readonly string[]).join(' | ')})`,
    );
    return `${kind}: ${named.length === 0 ? 'no facts, {}' : named.join(', ')}`;
  })
  .join('; ');

export class RecordMilestoneDto {
  @ApiProperty({ enum: MILESTONE_KINDS, example: 'new-drug-approval' })
  @IsIn(MILESTONE_KINDS)
  kind!: string;

  @ApiProperty({ example: '2024-01-31', description: 'the day it was reached; not after today (UTC)' })
  @IsCalendarDate()
  achievedOn!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { product: 'XZP-3287 tablets', drugClass: 1 },
    description:
      `exactly the facts of the kind, each of its type (text: not blank, at most 200 characters); ` +
      `a missing, unknown or ill-typed fact is a 422 naming it as facts.<name>. ${FACTS_BY_KIND}`,
  })
  @IsObject({ message: 'facts must be a JSON object of the facts of the kind' })
  facts!: Record<string, unknown>;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the pipeline’s project it belongs to: the awards it gives support that project',
  })
  @MayBeOmitted()
  @IsUUID()
  projectId?: string;
}

export class MilestonesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MILESTONE_KINDS, description: 'only milestones of this kind' })
  @MayBeOmitted()
  @IsIn(MILESTONE_KINDS)
  kind?: string;
}
