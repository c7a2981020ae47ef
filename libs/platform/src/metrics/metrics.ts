import { Controller, Get, Header } from '@nestjs/common';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { Public } from '../http/public-route';

/** One Prometheus registry per process, with the default Node.js metrics and the service label. */
export const metricsRegistry = new Registry();

export function initMetrics(service: string): Registry {
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry });
  return metricsRegistry;
}

@Public()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  async scrape(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
