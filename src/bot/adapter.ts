/**
 * The Bot Framework adapter, built explicitly from our config (never from process.env). Without an app id
 * botbuilder accepts anonymous requests — the server then listens on loopback only (see config.ts);
 * with one, every inbound request must carry a valid Bot Framework JWT.
 *
 * Every request the bot makes to the channel's connector has a deadline (`connectorTimeoutMs`): a
 * connector that accepts a request and never answers fails it instead of holding the sender forever.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import type { Config } from '../config';
import { BoundedHttpClient } from './httpClient';

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
    undefined,
    undefined,
    { httpClient: new BoundedHttpClient(config.connectorTimeoutMs) } as never,
  );
  return new CloudAdapter(auth);
}
