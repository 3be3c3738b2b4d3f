/**
 * A channel message as the engineers' desk sees it (src/bot/inbound.ts): which attachments are files, and
 * which of those the bot can fetch (pasted images, download links) or not (SharePoint references).
 */
import { FILE_DOWNLOAD_INFO, translateChannelActivity } from '../../src/bot/inbound';

type Activity = Parameters<typeof translateChannelActivity>[0];
type Attachment = NonNullable<Activity['attachments']>[number];

const CHANNEL = '19:engineers@thread.tacv2';

function channelMessage(attachments: Attachment[], text = ''): Activity {
  return {
    type: 'message',
    id: 'm1',
    text,
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    channelId: 'msteams',
    from: { id: 'eng-1', name: 'Wang Engineer', aadObjectId: 'aad-eng-1' },
    recipient: { id: 'bot', name: 'bot' },
    conversation: { id: `${CHANNEL};messageid=root1`, conversationType: 'channel', isGroup: true, name: '' },
    channelData: { channel: { id: CHANNEL }, team: { id: 'team' } },
    attachments,
  } as Activity;
}

it('takes a pasted image as a fetchable file and leaves out the HTML copy of the message', () => {
  const turn = translateChannelActivity(
    channelMessage([
      {
        contentType: 'image/png',
        contentUrl: 'https://smba.trafficmanager.net/amer/v3/attachments/abc/views/original',
      },
      {
        contentType: 'text/html',
        content: '<p><img src="https://x.asm.skype.com/v1/objects/abc/views/imgo"></p>',
      },
    ]),
  );

  expect(turn).toMatchObject({ kind: 'message', threadRootId: 'root1', channelId: CHANNEL });
  expect(turn?.files).toEqual([
    {
      name: 'image.png',
      url: 'https://smba.trafficmanager.net/amer/v3/attachments/abc/views/original',
      contentType: 'image/png',
    },
  ]);
});

it('keeps a named image, a download link, and a SharePoint reference (without a URL to fetch)', () => {
  const turn = translateChannelActivity(
    channelMessage([
      {
        contentType: 'image/jpeg',
        contentUrl: 'https://smba.example/v3/attachments/1',
        name: 'error dialog.jpg',
      },
      {
        contentType: FILE_DOWNLOAD_INFO,
        name: 'fix.reg',
        content: { downloadUrl: 'https://tenant.sharepoint.com/download?x=1', fileType: 'reg' },
      },
      {
        contentType: 'reference',
        contentUrl: 'https://tenant.sharepoint.com/sites/eng/notes.docx',
        name: 'notes.docx',
      },
      { contentType: 'application/vnd.microsoft.card.adaptive', content: {} },
    ]),
  );

  expect(turn?.files).toEqual([
    { name: 'error dialog.jpg', url: 'https://smba.example/v3/attachments/1', contentType: 'image/jpeg' },
    { name: 'fix.reg', url: 'https://tenant.sharepoint.com/download?x=1' },
    { name: 'notes.docx' },
  ]);
});

it('is no turn at all for a message with neither text nor files', () => {
  expect(
    translateChannelActivity(channelMessage([{ contentType: 'text/html', content: '<p></p>' }])),
  ).toBeUndefined();
});
