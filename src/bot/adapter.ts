/**
 * The Bot Framework adapter, built explicitly from our config (never from process.env). Without an app id
 * botbuilder accepts anonymous requests — the server then listens on loopback only (see config.ts);
 * with one, every inbound request must carry a valid Bot Framework JWT.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import type { Config } from '../config';

export function createAdapter(config: Config): CloudAdapter {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: config.app.id || undefined,
    MicrosoftAppPassword: config.app.password || undefined,
    MicrosoftAppType: config.app.type,
    MicrosoftAppTenantId: config.app.tenantId || undefined,
  });
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: config.app.id || undefined,
      MicrosoftAppTenantId: config.app.tenantId || undefined,
    },
    credentials,
  );
  return new CloudAdapter(auth);
}
