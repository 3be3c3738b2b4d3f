/**
 * test/e2e/referenceEnding.test.ts again, on PostgreSQL and Azure Blob Storage (Azurite) instead of SQLite and the
 * folder: the same conversation, the same assertions (see startOnSharedEngines in ../harness.ts).
 */
import { dropSharedEngines } from '../harness';

process.env.E2E_ENGINES = 'postgres+azure-blob';
require('../referenceEnding.test');

afterAll(() => dropSharedEngines());
