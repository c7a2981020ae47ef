import 'reflect-metadata';
import { configOrExit } from '@parkledger/service-kit';
import { loadParkRegistryConfig } from './config/park-registry.config';
import { runParkRegistry } from './run-park-registry';

void runParkRegistry(configOrExit('park-registry', () => loadParkRegistryConfig()));
