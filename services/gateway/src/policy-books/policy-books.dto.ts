import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '../http/calendar-date.validator';
import { PageQuery } from '../http/dto';
import { MayBeOmitted } from '../http/may-be-omitted';

export class PolicyBooksQuery {
  @ApiPropertyOptional({ example: '2024-12-31', description: 'entries effective on or before it; default: all' })
  @MayBeOmitted()
  @IsCalendarDate()
  asOf?: string;
}

export class PolicyJournalQuery extends PageQuery {}
