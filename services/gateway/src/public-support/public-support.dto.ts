import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '../http/calendar-date.validator';
import { MayBeOmitted } from '../http/may-be-omitted';

export class PublicSupportQuery {
  @ApiPropertyOptional({
    example: '2024-12-31',
    description:
      'money dated on or before it (an investment’s date, its reversal’s, a payment’s, a recapture’s), and the completed investment last reported by it; default: everything known',
  })
  @MayBeOmitted()
  @IsCalendarDate()
  asOf?: string;
}
