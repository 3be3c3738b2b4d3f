/**
 * The storage contract: what every implementation of the ports in src/storage/ports.ts must do, as one
 * suite run against each engine (test/storage/*.contract.test.ts).
 */
import { caseContract } from './cases';
import { claimsContract } from './claims';
import { conversationContract } from './conversations';
import { useDatabase, type StoreEngine } from './engine';
import { instancesContract } from './instances';
import { outboxContract } from './outbox';
import { recordsContract } from './records';
import { unitContract } from './units';

export type { StoreEngine };

export function storeContract(engine: StoreEngine): void {
  describe(`storage contract on ${engine.name}`, () => {
    const db = useDatabase(engine);
    conversationContract(db);
    caseContract(db);
    recordsContract(db);
    outboxContract(db);
    claimsContract(db);
    instancesContract(db);
    unitContract(db);
  });
}
