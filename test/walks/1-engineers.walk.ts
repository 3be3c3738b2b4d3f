// Walk (b), the engineers, in the Playground's page: a user in the personal chat asks for an engineer; the
// case card appears in the team's channel; the engineer (the Playground's user, Alex Wilber) takes it over;
// the user's message appears in the card's thread; the engineer's @mention reply reaches the user's chat;
// a note stays internal; `结案` runs the closure with the user (consent, survey) and the closure summary
// appears in the thread. Screenshots: test-results/engineers/.

import { archiveWithSurvey, openCase, Walk, WAIT } from './teams';

jest.setTimeout(15 * 60_000);

const ENGINEER = 'Alex Wilber'; // the Playground's user
const PHONE = '138-0000-0000';

it('engineers: a case asked for in the chat is taken over in the channel, relayed both ways, noted and closed', () =>
  Walk.run('engineers', {}, async (walk) => {
    const { teams } = walk;

    // The engineers open their team's channel: the bot is installed there and says what it will post.
    await walk.step('channel-greeting', async () => {
      await teams.openChannel();
      await teams.post('I will post cases that need an engineer here').waitFor({ timeout: WAIT.reply });
    });

    const { caseNumber } = await openCase(
      walk,
      'zh-CN',
      '你好，我们网点有两台终端安装 KB5011503 失败，报错 0x80073712。',
      `张工 ${PHONE}`,
    );

    // "转人工": the user is told an engineer will take the case.
    await walk.step('asks-for-engineer', async () => {
      const told = await teams.watch(teams.botMessages(`已请技术支持工程师接手案例 ${caseNumber}`));
      await teams.say('转人工');
      await told.next();
    });

    // The case card in the channel: the case, its problem, the contact masked; Take over.
    const caseCard = await walk.step('case-card-in-channel', async () => {
      await teams.openChannel();
      const card = teams.cards(caseNumber).first();
      await card.waitFor({ timeout: WAIT.reply });
      await card.scrollIntoViewIfNeeded();
      return card;
    });
    const shown = await teams.text(caseCard);
    expect(shown).toContain('KB5011503');
    expect(shown).toContain('0x80073712');
    expect(shown).toContain('转人工'); // the user's last messages
    expect(shown).not.toContain(PHONE); // the channel never shows the user's phone number
    const post = teams.post(caseNumber).first();
    await walk.step('taken-over', async () => {
      await teams.press(caseCard, 'Take over');
      await post.getByText(`${ENGINEER} has taken case ${caseNumber}`).waitFor({ timeout: WAIT.reply });
      await caseCard.getByText(`Case ${caseNumber} is with ${ENGINEER}`).waitFor();
    });

    // The user learns who joined, and writes: the message appears in the thread.
    await walk.step('user-told-engineer-joined', async () => {
      await teams.openChat();
      await teams.botMessages(`技术支持工程师 ${ENGINEER} 已接手案例 ${caseNumber}`).waitFor();
    });
    const userWords = '我已经重启过两次了，还是一样。';
    await walk.step('user-writes', () => teams.say(userWords));
    await walk.step('message-in-thread', async () => {
      await teams.openChannel();
      const relayed = post.getByText(userWords);
      await relayed.waitFor({ timeout: WAIT.reply });
      await relayed.scrollIntoViewIfNeeded();
      expect(await teams.text(post)).toContain(`Customer: ${userWords}`);
    });

    // The engineer's @mention reply in the thread reaches the user's chat, marked as the engineer's.
    const advice = 'Please run DISM /Online /Cleanup-Image /ScanHealth and tell me the result.';
    await walk.step('engineer-replies', () => teams.reply(post, advice, { mention: true }));
    await walk.step('reply-in-chat', async () => {
      await teams.openChat();
      const reply = teams.botMessages(advice);
      await reply.waitFor({ timeout: WAIT.reply });
      expect(await teams.text(reply)).toContain(`${ENGINEER}（工程师）：${advice}`);
    });

    // A note: acknowledged in the thread as internal.
    const note = 'note customer prefers calls after 14:00, checked WSUS approval';
    await walk.step('note', async () => {
      await teams.openChannel();
      await teams.reply(post, note, { mention: true });
      await post.getByText('Noted on the timeline (internal; the user does not see it).').waitFor({
        timeout: WAIT.reply,
      });
    });

    // `结案`: the thread is told the user is asked; the user archives with consent and answers the survey.
    await walk.step('close-asked', async () => {
      await teams.reply(post, '结案', { mention: true });
      await post.getByText(`Asked the user to close case ${caseNumber}`).waitFor({ timeout: WAIT.reply });
    });
    const closure = await walk.step('closure-card-in-chat', async () => {
      await teams.openChat();
      const card = teams.cards(`是否归档案例 ${caseNumber}？`).last();
      await card.waitFor({ timeout: WAIT.reply });
      await card.scrollIntoViewIfNeeded();
      return card;
    });
    // The note never reached the user: the chat, already showing the closure that came after it, has no trace.
    const chat = (await teams.botMessages().allInnerTexts()).join('\n');
    expect(chat).not.toContain('14:00');
    expect(chat).not.toContain('WSUS approval');
    const summary = await archiveWithSurvey(walk, closure, caseNumber, '工程师很专业');
    const summaryText = await teams.text(summary);
    expect(summaryText).toContain(ENGINEER);
    expect(summaryText).toContain('5/5');
    expect(summaryText).toContain('工程师很专业');

    // The closure summary in the thread.
    await walk.step('summary-in-thread', async () => {
      await teams.openChannel();
      const posted = post.getByText(`Case summary: ${caseNumber}`);
      await posted.waitFor({ timeout: WAIT.reply });
      await posted.scrollIntoViewIfNeeded();
    });
    const thread = await teams.text(post);
    expect(thread).toMatch(/Status\W+archived/);
    expect(thread).toContain(ENGINEER);
    expect(thread).toContain('0x80073712');
    expect(thread).toContain('Rating: 5/5');
    expect(thread).not.toContain(PHONE);
  }));
