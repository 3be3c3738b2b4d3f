/**
 * Whether the engineers' channel the bot learned may still receive escalations. A channel learned from an
 * install is trusted only under the rules in force now: the configured channel id, or — with a roster — an
 * install by someone on it. A channel an older build learned from anyone (before the roster rule), or from
 * someone since taken off the roster, is re-checked: it stays when someone on the roster is a member of its
 * team (asked of Teams), and is dropped otherwise — escalations wait for the right channel, the log says
 * why (ids masked) and the settings keep a record of it.
 */
import type { ChannelActor, EngineersChannel } from './channel';
import type { DeskDeps, DeskSettings } from './context';

export const CHANNEL_KEY = 'engineers.channel';
/** Settings key: the last learned channel dropped by the re-check, and why. */
export const REVOKED_KEY = 'engineers.channel.revoked';
/** Roster members asked about at most (one request each). */
const ASK_AT_MOST = 10;

/** The channel as stored: who installed the bot there, when it was learned from an install. */
export type StoredChannel = EngineersChannel & { learnedFrom?: Pick<ChannelActor, 'id' | 'aadObjectId'> };

export function onRoster(
  roster: readonly string[],
  actor: Pick<ChannelActor, 'id' | 'aadObjectId'>,
): boolean {
  return roster.includes(actor.id) || (actor.aadObjectId !== undefined && roster.includes(actor.aadObjectId));
}

/** 'trusted' under the rules now; 'foreign': another channel is configured; 'unproven': ask Teams. */
export function standing(stored: StoredChannel, settings: DeskSettings): 'trusted' | 'foreign' | 'unproven' {
  if (settings.channelId) return stored.channelId === settings.channelId ? 'trusted' : 'foreign';
  if (settings.roster.length === 0) return 'trusted';
  return stored.learnedFrom && onRoster(settings.roster, stored.learnedFrom) ? 'trusted' : 'unproven';
}

/** The start of an id, for the log: enough to tell channels apart, not a whole identifier. */
export function maskId(id: string | undefined): string | undefined {
  return id === undefined ? undefined : `${id.slice(0, 8)}…`;
}

/**
 * Re-checks the stored channel; 'revoked' when it was dropped. Throws when Teams could not be asked
 * (the caller tries again later; meanwhile an unproven channel gets nothing).
 */
export async function recheckChannel(deps: DeskDeps, now: number): Promise<'none' | 'trusted' | 'revoked'> {
  const { store, settings, logger } = deps;
  const stored = (await store.settings.get(CHANNEL_KEY)) as StoredChannel | null | undefined;
  if (!stored) return 'none';
  const found = standing(stored, settings);
  if (found === 'trusted') return 'trusted';
  if (found === 'unproven' && stored.teamId) {
    for (const id of settings.roster.slice(0, ASK_AT_MOST)) {
      if (!(await deps.channel.isTeamMember(stored, stored.teamId, id))) continue;
      await store.settings.set(CHANNEL_KEY, { ...stored, learnedFrom: { id } });
      logger.info(
        { channelId: maskId(stored.channelId), engineer: maskId(id) },
        "engineers' channel re-checked: someone on the roster is in its team",
      );
      return 'trusted';
    }
  }
  const why =
    found === 'foreign'
      ? 'another channel is configured'
      : 'nobody on the roster installed it or is in its team';
  await store.settings.set(REVOKED_KEY, {
    channelId: stored.channelId,
    teamId: stored.teamId,
    learnedFrom: stored.learnedFrom,
    at: now,
    why,
  });
  await store.settings.set(CHANNEL_KEY, null);
  logger.warn(
    {
      channelId: maskId(stored.channelId),
      teamId: maskId(stored.teamId),
      learnedFrom: maskId(stored.learnedFrom?.aadObjectId ?? stored.learnedFrom?.id),
      why,
    },
    "the engineers' channel learned earlier does not qualify under the current rules; escalations are no longer posted there",
  );
  return 'revoked';
}
