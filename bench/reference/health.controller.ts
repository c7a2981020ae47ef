import { Controller, Get } from '@nestjs/common';

/** Answers once the app listens (its tables exist by then): what the bench waits for. */
@Controller('health')
export class HealthController {
  @Get()
  health(): { status: string } {
    return { status: 'ok' };
  }
}
