// `npm run chat`: talk to the running bot from a terminal, as a Teams user would, through a local
// connector (tools/connector.ts). Cards are shown as text; their actions are pressed with /1../9.

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import {
  actionData,
  missingRequired,
  parseInputValue,
  renderCard,
  toggleVisibility,
  type CardAction,
  type CardInput,
  type RenderedCard,
} from '../../tools/cardText';
import {
  ADAPTIVE_CARD,
  BotUnreachableError,
  FILE_CONSENT_CARD,
  LocalConnector,
  type Attachment,
  type RecordedActivity,
  type SendResult,
} from '../../tools/connector';
import {
  asObject,
  brief,
  heroToAdaptive,
  indent,
  normalizeLocale,
  shorten,
  suggestedActionsCard,
  tryJson,
} from './chatFormat';
import { readState, saveDownload, saveState, STATE_FILE, stableUser, unquotePath } from './chatState';

const USAGE = `Usage: npm run chat -- [options]
  --bot <url>            the bot's endpoint (default: $BOT_URL or http://127.0.0.1:3978/api/messages)
  --lang zh-CN|en        the Teams client language sent to the bot (default: from $LANG)
  --user <name>          your display name (the user id is derived from it, so it stays the same)
  --conversation <id>    use this conversation (default: the one in data/chat-conversation.json)
  --help                 this text`;

const HELP = `Commands:
  <text>              send a message            //text   send a message starting with "/"
  /1 .. /9            press action [n] of the last card
  /set <id> <value>   set an input of the last card (choices: value, title or number; toggles: on/off;
                      multi-line text: \\n for a line break)
  /card               show the last card again, with the values you set
  /file <path>        send a local file as a Teams file attachment
  /lang zh-CN|en      switch the language sent to the bot
  /new                start a new conversation (the bot sees the app being added)
  /help               this text
  /quit               leave (Ctrl-C or Ctrl-D too)`;

const MAX_FILE_BYTES = 256 * 1024 * 1024;
const HERO_CARD = 'application/vnd.microsoft.card.hero';
const THUMBNAIL_CARD = 'application/vnd.microsoft.card.thumbnail';
const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';

/** The card whose actions /1../9 press: the last one the bot sent, as the user has filled it in. */
interface CurrentCard {
  activityId: string;
  card: unknown;
  rendered: RenderedCard;
  /** Inputs that the actions submit (a ShowCard's sub-card also submits its parent's inputs). */
  inputs: CardInput[];
  values: Record<string, string>;
  consent?: RecordedActivity;
}

class ChatClient {
  private current: CurrentCard | undefined;
  private busy = false;
  private readonly rl: readline.Interface;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly connector: LocalConnector,
    private readonly persist: boolean,
  ) {
    this.rl = readline.createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: process.stdin.isTTY,
    });
    this.rl.setPrompt('you> ');
    connector.on('activity', (record) => {
      if (record.conversationId === this.connector.conversationId) return this.show(record);
      // After /new, the bot may still write (reminders) to an earlier conversation: say so briefly.
      const text = typeof record.activity.text === 'string' ? `: ${shorten(record.activity.text, 60)}` : '';
      if (record.activity.type === 'message')
        this.print(`(the bot wrote in conversation ${record.conversationId}${text})`);
    });
    connector.on('upload', (file) => {
      const target = saveDownload(file.name, file.bytes);
      this.print(`(file received: ${target}, ${file.bytes.length} bytes)`);
    });
  }

  /** Handles lines until /quit or end of input; `greet` first sends the "app added" update. */
  run(greet: boolean): Promise<void> {
    return new Promise((resolve) => {
      const enqueue = (work: () => Promise<void>) => {
        this.queue = this.queue.then(work).catch((error: unknown) => this.printError(error));
      };
      if (greet) enqueue(() => this.greet());
      this.rl.on('line', (line) => enqueue(() => this.handle(line)));
      this.rl.on('SIGINT', () => this.rl.close());
      // stdin may end (a pipe) while lines are still being sent: finish them first.
      this.rl.on('close', () => void this.queue.then(resolve));
      enqueue(async () => this.prompt());
    });
  }

  /** Sends the "app added" update that Teams sends when a personal chat starts. */
  private async greet(): Promise<void> {
    const wasBusy = this.busy;
    this.busy = true;
    try {
      await this.guard(() => this.connector.sendConversationUpdate());
    } finally {
      this.busy = wasBusy;
    }
  }

  private async handle(raw: string): Promise<void> {
    this.busy = true;
    try {
      const line = raw.trim();
      if (line === '') return;
      if (line.startsWith('//')) return await this.sendText(line.slice(1));
      if (!line.startsWith('/')) return await this.sendText(line);
      const command = line.split(/\s+/, 1)[0];
      const argument = line.slice(command.length).trim();
      if (/^\/\d+$/.test(command)) return await this.press(Number(command.slice(1)));
      switch (command) {
        case '/set':
          return this.set(argument.split(/\s+/, 1)[0], argument.replace(/^\S*\s?/, ''));
        case '/card':
          return this.showCurrent();
        case '/file':
          return await this.sendFile(argument);
        case '/lang':
          return this.setLang(argument);
        case '/new':
          return await this.newConversation();
        case '/help':
          return this.print(HELP);
        case '/quit':
        case '/exit':
          this.rl.close();
          return;
        default:
          this.print(
            `unknown command ${command}; /help lists them (//text sends a message starting with "/")`,
          );
      }
    } finally {
      this.busy = false;
      this.prompt();
    }
  }

  private async sendText(text: string): Promise<void> {
    await this.guard(() => this.connector.sendMessage(text));
  }

  private set(id: string | undefined, value: string): void {
    const current = this.current;
    if (!current) return this.print('there is no card to fill in yet');
    const input = current.inputs.find((candidate) => candidate.id === id);
    if (!id || !input) {
      const ids = current.inputs.map((candidate) => candidate.id).join(', ');
      return this.print(
        ids ? `usage: /set <id> <value>; this card's inputs: ${ids}` : 'this card has no inputs',
      );
    }
    const parsed = parseInputValue(input, value);
    if (!parsed.ok) return this.print(parsed.error);
    current.values[input.id] = parsed.value;
    this.print(`${input.id} = ${JSON.stringify(parsed.value)}`);
  }

  private async press(number: number): Promise<void> {
    const current = this.current;
    if (!current) return this.print('there is no card to press yet');
    const action = current.rendered.actions.find((candidate) => candidate.number === number);
    if (!action) return this.print(`the last card has no action [${number}]`);
    this.print(`(pressed [${number}] ${action.title})`);
    switch (action.type) {
      case 'Action.OpenUrl':
        return this.print(`open in a browser: ${action.url ?? '(no url)'}`);
      case 'Action.ShowCard': {
        if (!action.card) return this.print('this ShowCard has no card');
        const rendered = renderCard(action.card, { values: current.values });
        this.current = {
          ...current,
          card: action.card,
          rendered,
          inputs: [...current.inputs, ...rendered.inputs],
        };
        return this.print(indent(rendered.text));
      }
      case 'Action.ToggleVisibility': {
        const card = toggleVisibility(current.card, action.targetElements ?? []);
        this.current = { ...current, card, rendered: renderCard(card, { values: current.values }) };
        return this.showCurrent();
      }
      case 'fileConsent.accept':
      case 'fileConsent.decline': {
        const consent = current.consent;
        if (!consent) return;
        const answer = action.type === 'fileConsent.accept' ? 'accept' : 'decline';
        const result = await this.guard(() => this.connector.answerFileConsent(consent, answer));
        if (result) this.reportInvokeResult(result, current.activityId);
        return;
      }
      case 'Action.Execute':
      case 'Action.Submit':
        return this.submit(current, action);
      default:
        return this.print(`${action.type} cannot be pressed in the terminal`);
    }
  }

  private async submit(current: CurrentCard, action: CardAction): Promise<void> {
    const missing = action.associatedInputs === 'none' ? [] : missingRequired(current.inputs, current.values);
    if (missing.length > 0) {
      // Teams itself refuses to send the action while a required input is empty.
      return this.print(`required first: ${missing.map((input) => `/set ${input.id} ...`).join(', ')}`);
    }
    const data = actionData(action, current.inputs, current.values);
    const options = { replyToId: current.activityId };
    if (action.type === 'Action.Execute') {
      const result = await this.guard(() => this.connector.sendInvoke(action.verb ?? '', data, options));
      if (result) this.reportInvokeResult(result, current.activityId);
      return;
    }
    const teams = asObject(asObject(data)?.msteams);
    if (teams?.type === 'imBack') {
      await this.guard(() => this.connector.sendMessage(String(teams.value ?? ''), options));
    } else if (teams?.type === 'messageBack') {
      const text = typeof teams.text === 'string' ? teams.text : '';
      await this.guard(() => this.connector.sendMessage(text, { ...options, extra: { value: teams.value } }));
    } else {
      await this.guard(() => this.connector.sendSubmit(data, options));
    }
  }

  /** An invoke's answer comes in the HTTP response, not as an activity: show it the same way. */
  private reportInvokeResult(result: SendResult, cardActivityId: string): void {
    const body = asObject(result.body);
    if (result.status >= 400 && body?.type !== 'application/vnd.microsoft.error') {
      return this.print(`the bot answered HTTP ${result.status}${brief(result.body)}`);
    }
    if (!body) return;
    if (body.type === ADAPTIVE_CARD) return this.showCard(cardActivityId, body.value, 'bot (updated): ');
    // An empty message value is how a bot acknowledges an action whose answer comes as chat messages.
    if (body.type === 'application/vnd.microsoft.activity.message')
      return body.value ? this.print(`bot: ${String(body.value)}`) : undefined;
    if (body.type === 'application/vnd.microsoft.error') {
      const error = asObject(body.value);
      return this.print(`bot error: ${String(error?.code ?? '')} ${String(error?.message ?? '')}`.trim());
    }
  }

  private async sendFile(argument: string): Promise<void> {
    const file = unquotePath(argument);
    if (file === '') return this.print('usage: /file <path>');
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return this.print(`no such file: ${file}`);
    }
    if (size > MAX_FILE_BYTES)
      return this.print(`${file} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
    const bytes = readFileSync(file);
    this.print(`(sending ${path.basename(file)}, ${bytes.length} bytes)`);
    await this.guard(() => this.connector.sendFile(path.basename(file), bytes));
  }

  private setLang(argument: string): void {
    const locale = normalizeLocale(argument);
    if (!locale) return this.print('usage: /lang zh-CN|en');
    this.connector.locale = locale;
    this.print(`language: ${locale}`);
  }

  private async newConversation(): Promise<void> {
    this.connector.conversationId = LocalConnector.newConversationId();
    this.current = undefined;
    if (this.persist)
      saveState({ conversationId: this.connector.conversationId, connectorPort: this.connector.port });
    this.print(
      `new conversation: ${this.connector.conversationId}${this.persist ? ` (saved to ${STATE_FILE})` : ''}`,
    );
    await this.greet();
  }

  // --- showing what the bot sent ----------------------------------------------------------------

  private show(record: RecordedActivity): void {
    const activity = record.activity;
    if (record.kind === 'delete') return this.print(`(the bot deleted message ${record.id})`);
    if (activity.type === 'typing') return;
    if (activity.type !== 'message') return this.print(`(the bot sent a ${activity.type} activity)`);
    const prefix = record.kind === 'update' ? 'bot (updated): ' : 'bot: ';
    let shown = false;
    if (typeof activity.text === 'string' && activity.text.trim() !== '') {
      this.print(prefix + indent(activity.text, prefix.length).trimStart());
      shown = true;
    }
    for (const attachment of activity.attachments ?? []) {
      this.showAttachment(record, attachment, shown ? ' '.repeat(prefix.length) : prefix);
      shown = true;
    }
    const suggested = suggestedActionsCard(activity);
    if (suggested) this.showCard(record.id, suggested, shown ? ' '.repeat(prefix.length) : prefix);
    else if (!shown) this.print(`${prefix}(empty message)`);
  }

  private showAttachment(record: RecordedActivity, attachment: Attachment, prefix: string): void {
    const content = typeof attachment.content === 'string' ? tryJson(attachment.content) : attachment.content;
    switch (attachment.contentType) {
      case ADAPTIVE_CARD:
        return this.showCard(record.id, content, prefix);
      case HERO_CARD:
      case THUMBNAIL_CARD:
        return this.showCard(record.id, heroToAdaptive(content), prefix);
      case FILE_CONSENT_CARD: {
        const card = asObject(content);
        const size = typeof card?.sizeInBytes === 'number' ? `, ${card.sizeInBytes} bytes` : '';
        const description = typeof card?.description === 'string' ? ` - ${card.description}` : '';
        const consentCard = {
          body: [
            {
              type: 'TextBlock',
              text: `The bot offers a file: ${attachment.name ?? 'file'}${size}${description}`,
            },
          ],
          actions: [
            { type: 'fileConsent.accept', title: 'Accept' },
            { type: 'fileConsent.decline', title: 'Decline' },
          ],
        };
        return this.showCard(record.id, consentCard, prefix, record);
      }
      case FILE_INFO_CARD:
        return this.print(`${prefix}[file: ${attachment.name ?? ''} <${attachment.contentUrl ?? ''}>]`);
      default: {
        const where = attachment.contentUrl ? ` <${shorten(attachment.contentUrl)}>` : '';
        return this.print(
          `${prefix}[attachment ${attachment.contentType}${attachment.name ? ` ${attachment.name}` : ''}${where}]`,
        );
      }
    }
  }

  private showCard(activityId: string, card: unknown, prefix: string, consent?: RecordedActivity): void {
    const rendered = renderCard(card);
    this.current = { activityId, card, rendered, inputs: rendered.inputs, values: {}, consent };
    this.print(prefix + indent(rendered.text, prefix.length).trimStart());
    const hints: string[] = [];
    if (rendered.actions.length > 0)
      hints.push(`press: /1${rendered.actions.length > 1 ? `../${rendered.actions.length}` : ''}`);
    if (rendered.inputs.length > 0)
      hints.push(`fill in: /set <${rendered.inputs.map((input) => input.id).join('|')}> <value>`);
    if (hints.length > 0) this.print(`${' '.repeat(prefix.length)}(${hints.join('; ')})`);
  }

  private showCurrent(): void {
    const current = this.current;
    if (!current) return this.print('there is no card yet');
    const rendered = renderCard(current.card, { values: current.values });
    this.current = { ...current, rendered };
    this.print(indent(rendered.text));
  }

  // --- terminal plumbing ----------------------------------------------------------------------

  /** Runs one send; a bot that is down or failing is reported in a line, never as a stack trace. */
  private async guard(send: () => Promise<SendResult>): Promise<SendResult | undefined> {
    try {
      const result = await send();
      if (result.status >= 400 && result.activity.type !== 'invoke') {
        this.print(`the bot answered HTTP ${result.status}${brief(result.body)}`);
      }
      return result;
    } catch (error) {
      this.printError(error);
      return undefined;
    }
  }

  private printError(error: unknown): void {
    if (error instanceof BotUnreachableError) {
      if (error.code === 'ETIMEDOUT') return this.print(`the bot at ${error.botUrl} did not answer in time`);
      return this.print(
        `cannot reach the bot at ${error.botUrl} (${error.code}) - is \`npm start\` running?`,
      );
    }
    this.print(`error: ${error instanceof Error ? error.message : String(error)}`);
  }

  /** Writes a block without garbling a half-typed line when it arrives between commands. */
  print(text: string): void {
    const interactive = process.stdin.isTTY && process.stdout.isTTY && !this.busy && !this.closed();
    if (interactive) {
      readline.clearLine(process.stdout, 0);
      readline.cursorTo(process.stdout, 0);
    }
    process.stdout.write(text + '\n');
    if (interactive) this.rl.prompt(true);
  }

  /** Piped input (tests, scripts) gets no prompts, so the output holds only the conversation. */
  private prompt(): void {
    if (process.stdin.isTTY && !this.closed()) this.rl.prompt();
  }

  private closed(): boolean {
    return (this.rl as unknown as { closed?: boolean }).closed === true;
  }
}

async function main(): Promise<void> {
  let values: { bot?: string; lang?: string; user?: string; conversation?: string; help?: boolean };
  try {
    values = parseArgs({
      options: {
        bot: { type: 'string' },
        lang: { type: 'string' },
        user: { type: 'string' },
        conversation: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const botUrl = values.bot ?? process.env.BOT_URL ?? 'http://127.0.0.1:3978/api/messages';
  const locale = normalizeLocale(values.lang ?? process.env.LC_ALL ?? process.env.LANG ?? '') ?? 'en-US';
  if (values.lang !== undefined && !normalizeLocale(values.lang)) {
    process.stderr.write(`--lang must be zh-CN or en\n`);
    process.exit(2);
  }
  const userName = values.user ?? 'Local User';

  const saved = readState();
  const persist = values.conversation === undefined;
  let conversationId: string;
  let origin: string;
  if (values.conversation !== undefined) {
    conversationId = values.conversation;
    origin = 'from --conversation';
  } else if (saved.conversationId) {
    conversationId = saved.conversationId;
    origin = `continued, from ${STATE_FILE}`;
  } else {
    conversationId = LocalConnector.newConversationId();
    origin = `new, saved to ${STATE_FILE}`;
  }

  const connector = await LocalConnector.start({
    botUrl,
    port: persist ? saved.connectorPort : undefined,
    fallbackToFreePort: true,
    conversationId,
    locale,
    user: stableUser(userName),
  });
  if (persist) saveState({ conversationId, connectorPort: connector.port });

  const client = new ChatClient(connector, persist);
  process.stdout.write(
    [
      `bot:          ${botUrl}`,
      `conversation: ${conversationId} (${origin})`,
      `user:         ${userName} (${connector.user.id}), language ${locale}`,
      `connector:    ${connector.serviceUrl}`,
      'Type a message, or /help.',
      '',
    ].join('\n'),
  );
  await client.run(origin.startsWith('new'));
  await connector.close();
  process.stdout.write('bye\n', () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`chat: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
