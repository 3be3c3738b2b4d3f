/**
 * The bot's turn entry point: activity -> our turn -> conversation runner, with one error path that
 * logs a reference code, tells the user in their language, and leaves the conversation state as it was.
 * Also proactive sends (reminders, job results) from a stored conversation reference.
 */
import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  TeamsInfo,
  TurnContext,
  type ConversationParameters,
  type CloudAdapter,
  type ConversationReference,
  type Request,
  type Response,
} from 'botbuilder';
import type { Locale } from '../domain/locale';
import { newReferenceCode, type ConversationRunner, type TurnOutcome } from '../conversation/runner';
import type { ChatChannel, ChatMessage, ConversationSink } from '../domain/chat';
import type { Logger } from '../log';
import type { ChannelPort, ChannelTurn, EngineersChannel } from '../handoff/channel';
import { deskLane } from '../handoff/posts';
import { FILE_CONSENT_INVOKE, handleFileConsent, type FileConsentDeps } from './fileConsent';
import { activityProblem, clientLocaleOf, translateActivity, translateChannelActivity } from './inbound';
import { TurnContextSink, chatActivity, toDeliveryError } from './sink';

export interface BotDeps {
  adapter: CloudAdapter;
  runner: ConversationRunner;
  logger: Logger;
  appId: string;
  pickLocale: (clientLocale?: string, text?: string) => Locale;
  /** The apology with a reference code, in the user's language. */
  errorText: (locale: Locale, reference: string) => string;
  /** Files sent through file consent cards: building them again on accept, the fallback on decline. */
  fileConsent: Omit<FileConsentDeps, 'logger'>;
  /**
   * Where channel activities (the engineers' team) go; set once the desk exists (it needs the bot). Its
   * answers are queued in the outbox lane `deskLane(channelId)`.
   */
  desk?: { handle(turn: ChannelTurn): Promise<boolean> };
  /** Sends a conversation's committed messages (the outbox) and resolves once they are out, or after a bound. */
  flush?: (conversationId: string) => Promise<void>;
  /**
   * Queues the apology for a failed turn in the outbox under `id` (one apology per activity, however
   * often Teams delivers it), with the activity's `reference` (a conversation not stored yet is reached
   * through it): in the conversation's lane, or for a turn of the engineers' channel (`channelId`) in the
   * desk's. Returns the lane to flush.
   */
  apologize?: (apology: {
    conversationId: string;
    channelId?: string;
    id: string;
    text: string;
    reference: unknown;
  }) => Promise<string>;
}

export class Bot implements ChannelPort, ChatChannel {
  constructor(private readonly deps: BotDeps) {
    deps.adapter.onTurnError = async (context, error) => this.reportError(context, error);
  }

  /** Connects the engineers' desk (created after the bot, since it posts through it). */
  attachDesk(desk: NonNullable<BotDeps['desk']>): void {
    this.deps.desk = desk;
  }

  /**
   * A new post in the engineers' channel (Teams: create a conversation in the channel), which starts the
   * case's thread. Returns the post's id, as Teams names it in the new conversation id.
   */
  async postThread(
    channel: EngineersChannel,
    rendered: { card: object; fallbackText: string },
  ): Promise<string> {
    try {
      return await this.createThread(channel, rendered);
    } catch (err) {
      throw toDeliveryError(err);
    }
  }

  private async createThread(
    channel: EngineersChannel,
    rendered: { card: object; fallbackText: string },
  ): Promise<string> {
    const ref = channel.reference as Partial<ConversationReference>;
    if (!ref.serviceUrl) throw new Error('the engineers channel reference has no service URL');
    const activity = {
      ...MessageFactory.attachment(CardFactory.adaptiveCard(rendered.card)),
      summary: rendered.fallbackText,
    };
    let threadId: string | undefined;
    await this.deps.adapter.createConversationAsync(
      this.deps.appId,
      'msteams',
      ref.serviceUrl,
      '',
      {
        isGroup: true,
        bot: ref.bot,
        tenantId: ref.conversation?.tenantId,
        channelData: { channel: { id: channel.channelId } },
        activity,
      } as ConversationParameters,
      async (context) => {
        threadId = context.activity.conversation?.id;
      },
    );
    const postId = /;messageid=([^;]+)/.exec(threadId ?? '')?.[1];
    if (!postId)
      throw new Error(`creating the post in ${channel.channelId} returned no message id (${threadId})`);
    return postId;
  }

  /** Posts into the thread under `rootActivityId` (Teams: conversation id `<channel>;messageid=<root>`). */
  async inThread(
    channel: EngineersChannel,
    rootActivityId: string,
    work: (sink: ConversationSink) => Promise<void>,
  ): Promise<void> {
    try {
      await this.proactive(
        withConversationId(channel.reference, `${channel.channelId};messageid=${rootActivityId}`),
        work,
      );
    } catch (err) {
      throw toDeliveryError(err);
    }
  }

  /** ChannelPort: an answer where the activity of `reference` was written. */
  async reply(reference: unknown, text: string): Promise<void> {
    await this.post(reference, { kind: 'text', text });
  }

  /** Asks Teams whether `userId` belongs to the team; a 404 (not a member) is `false`, other failures throw. */
  async isTeamMember(channel: EngineersChannel, teamId: string, userId: string): Promise<boolean> {
    return this.continueWith(channel.reference, async (context) => {
      try {
        await TeamsInfo.getTeamMember(context, teamId, userId);
        return true;
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
        return false;
      }
    });
  }

  /**
   * Handles POST /api/messages (authentication is the adapter's: 401 without a valid token). A body that
   * is not an activity of the expected shape is answered 400 without a turn.
   */
  async process(req: Request, res: Response): Promise<void> {
    const problem = activityProblem(req.body);
    if (problem) {
      res.status(400);
      res.send({ error: `not a valid activity: ${problem}` });
      res.end();
      return;
    }
    return this.deps.adapter.process(req, this.guarded(req, res), (context) => this.onTurn(context));
  }

  /**
   * The response as the adapter writes it, without its internal error text: an error the adapter
   * answers itself comes from the token check (401) or from something the check needs, like Microsoft's
   * sign-in metadata, being unreachable (then 503, so the channel tries again later). The text is logged.
   */
  private guarded(req: Request, res: Response): Response {
    let status = 200;
    let original = 200;
    const { logger } = this.deps;
    return {
      socket: res.socket,
      header: (name: string, value: unknown) => res.header(name, value),
      status(code: number) {
        original = code;
        status = code >= 500 ? 503 : code;
        res.status(status);
      },
      send(body?: unknown) {
        if (status < 400) return res.send(body);
        const detail = typeof body === 'string' ? body : JSON.stringify(body);
        const log = { activityId: (req.body as { id?: unknown } | undefined)?.id, status: original, detail };
        if (status === 401) logger.warn(log, 'activity refused: token not valid');
        else logger.error(log, 'activity not processed: the token could not be checked');
        res.send({ error: status === 401 ? 'unauthorized' : 'temporarily unavailable; try again later' });
      },
      end: (...args: unknown[]) => (res.end as (...a: unknown[]) => unknown)(...args),
    } as unknown as Response;
  }

  /** Runs `work` with a sink into an existing conversation (no inbound activity). */
  async proactive(reference: unknown, work: (sink: ConversationSink) => Promise<void>): Promise<void> {
    await this.continueWith(reference, (context) => work(new TurnContextSink(context)));
  }

  /** ChatChannel: one outbox message into the conversation of `reference`; failures as DeliveryError. */
  async post(reference: unknown, message: ChatMessage): Promise<string | undefined> {
    try {
      return await this.continueWith(reference, async (context) => {
        const res = await context.sendActivity(chatActivity(message, context.activity));
        return res?.id;
      });
    } catch (err) {
      throw toDeliveryError(err);
    }
  }

  /** ChatChannel: replaces a card in place (the same card twice changes nothing). */
  async replace(
    reference: unknown,
    activityId: string,
    card: { card: object; fallbackText: string },
  ): Promise<void> {
    try {
      await this.continueWith(reference, async (context) => {
        const activity = chatActivity({ kind: 'card', ...card }, context.activity);
        activity.id = activityId;
        await context.updateActivity(activity);
      });
    } catch (err) {
      throw toDeliveryError(err);
    }
  }

  /** ChatChannel: deletes the bot's message; a 404 (deleted already, by us or the user) counts as done. */
  async remove(reference: unknown, activityId: string): Promise<void> {
    try {
      await this.continueWith(reference, (context) => context.deleteActivity(activityId));
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return;
      throw toDeliveryError(err);
    }
  }

  /**
   * A proactive turn whose failure reaches the caller: botbuilder hands an error thrown in the callback
   * to onTurnError and resolves, so it is captured inside and thrown again after.
   */
  private async continueWith<T>(reference: unknown, work: (context: TurnContext) => Promise<T>): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    await this.deps.adapter.continueConversationAsync(
      this.deps.appId,
      reference as Partial<ConversationReference>,
      async (context) => {
        try {
          outcome = { ok: true, value: await work(context) };
        } catch (error) {
          outcome = { ok: false, error };
        }
      },
    );
    if (!outcome) throw new Error('the proactive turn did not run');
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /**
   * The bot's Bot Framework token for downloading an attachment — only for URLs on the host of the
   * conversation's own service URL, so the token never goes to a host the channel did not name.
   */
  async downloadToken(reference: unknown, url: string): Promise<string | undefined> {
    const serviceUrl = (reference as Partial<ConversationReference> | null)?.serviceUrl;
    if (!this.deps.appId || !serviceUrl || !sameHost(url, serviceUrl)) return undefined;
    return this.continueWith(reference, async (context) => {
      const client = context.turnState.get(context.adapter.ConnectorClientKey) as
        { credentials?: { getToken?: (forceRefresh?: boolean) => Promise<string> } } | undefined;
      return client?.credentials?.getToken?.();
    });
  }

  private async onTurn(context: TurnContext): Promise<void> {
    if (context.activity.type === ActivityTypes.Invoke && context.activity.name === FILE_CONSENT_INVOKE) {
      return this.onFileConsent(context);
    }
    // The engineers' channel goes to the desk; other channels hold case conversations like chats do.
    const channelTurn = this.deps.desk ? translateChannelActivity(context.activity) : undefined;
    if (channelTurn && this.deps.desk) {
      let handled = true;
      try {
        handled = await this.deps.desk.handle(channelTurn);
        // Its answers were queued; like a chat turn's, they usually go out before the channel's 200.
        if (handled) await this.deps.flush?.(deskLane(channelTurn.channelId));
      } catch (error) {
        await this.reportError(context, error, channelTurn.channelId);
      }
      if (handled) return this.acknowledgeInvoke(context);
    }
    const { turn, kind } = translateActivity(context.activity);
    let outcome: TurnOutcome | 'ignored' = 'ignored';
    if (turn) {
      try {
        outcome = await this.deps.runner.handle(turn);
        // The replies were committed with the turn; they are sent from the outbox, usually before the
        // channel gets its answer (the wait is bounded: after it they follow the 200, as Teams allows).
        await this.deps.flush?.(turn.conversationId);
      } catch (error) {
        await this.reportError(context, error);
      }
    }
    this.deps.logger.debug({ conversationId: context.activity.conversation?.id, kind, outcome }, 'turn');
    await this.acknowledgeInvoke(context);
  }

  private async acknowledgeInvoke(context: TurnContext): Promise<void> {
    if (context.activity.type === ActivityTypes.Invoke) {
      // Universal Actions expect an invoke response; the bot's answer arrives as ordinary messages.
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: {
          status: 200,
          body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '' },
        },
      });
    }
  }

  /** The user's answer to a file consent card: not a turn of the case (no state changes), just sends. */
  private async onFileConsent(context: TurnContext): Promise<void> {
    try {
      await handleFileConsent(context, { ...this.deps.fileConsent, logger: this.deps.logger });
      // The answer was queued; it usually goes out before the invoke's answer.
      const conversationId = context.activity.conversation?.id;
      if (conversationId) await this.deps.flush?.(conversationId);
    } catch (error) {
      await this.reportError(context, error);
    }
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
  }

  /** Logs a failed turn and queues the apology (in the desk's lane for a turn of the engineers' channel). */
  private async reportError(context: TurnContext, error: unknown, channelId?: string): Promise<void> {
    const reference = newReferenceCode();
    this.deps.logger.error(
      {
        reference,
        conversationId: context.activity.conversation?.id,
        activityId: context.activity.id,
        err: error,
      },
      'turn failed',
    );
    try {
      const locale = this.deps.pickLocale(clientLocaleOf(context.activity), context.activity.text);
      const text = this.deps.errorText(locale, reference);
      const conversationId = context.activity.conversation?.id;
      if (!conversationId || !this.deps.apologize) {
        await context.sendActivity(text);
        return;
      }
      let lane: string;
      try {
        lane = await this.deps.apologize({
          conversationId,
          ...(channelId ? { channelId } : {}),
          id: `apology:${context.activity.id ?? reference}`,
          text,
          reference: TurnContext.getConversationReference(context.activity),
        });
      } catch (queueError) {
        // The outbox cannot be written either (the store is what fails): said at once, the one way left.
        this.deps.logger.error({ reference, err: queueError }, 'could not queue the apology; sending it now');
        await context.sendActivity(text);
        return;
      }
      await this.deps.flush?.(lane);
    } catch (sendError) {
      this.deps.logger.error({ reference, err: sendError }, 'could not tell the user about the failure');
    }
  }
}

/** True when both URLs name the same host (and port); unparsable URLs never match. */
export function sameHost(url: string, other: string): boolean {
  try {
    return new URL(url).host.toLowerCase() === new URL(other).host.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * A copy of a stored conversation reference pointing at another conversation id (a channel or a thread),
 * without the activity it was taken from: a post there is not a reply to that activity.
 */
function withConversationId(reference: unknown, conversationId: string): Partial<ConversationReference> {
  const { activityId: _activityId, ...ref } = reference as Partial<ConversationReference>;
  return {
    ...ref,
    conversation: {
      ...(ref.conversation ?? {}),
      id: conversationId,
    } as ConversationReference['conversation'],
  };
}
