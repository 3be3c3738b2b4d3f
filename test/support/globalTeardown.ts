/** Jest global teardown: stops what test/support/globalSetup.ts started and removes its folders. */
export default async function globalTeardown(): Promise<void> {
  await Promise.all((globalThis.__UCB_SERVICES__ ?? []).map((service) => service.stop()));
  globalThis.__UCB_SERVICES__ = undefined;
}
