/**
 * Names as people gave them (uploads, attachments, engineers' files) and as the bot shows them: cleaned
 * for display and for chat Markdown. Pure; never used as paths.
 */
/** How long a file's display name may be (its extension is kept). */
export const MAX_NAME_LENGTH = 120;

/**
 * Control characters, and the bidirectional controls that make a name read differently from what it is
 * ('a\u202Efdp.exe' shows as 'aexe.pdf'): U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A file name from a user or an engineer as the bot shows it (chat, cards, pages, downloads), wherever it
 * came from (an upload link, a Teams attachment, the case page); never used as a path. The last path part,
 * without unprintable or bidirectional control characters, and without what Windows does not allow in a
 * file name (`< > : " | ? *`, which are also what HTML and Markdown are made of); brackets become
 * parentheses and backticks quotes, so that a name cannot form a Markdown link or code in a chat message.
 * At most MAX_NAME_LENGTH characters, keeping the extension.
 */
export function cleanName(name: string): string {
  const base = name.replace(UNPRINTABLE, '').split(/[\\/]/).pop() ?? '';
  const plain = base
    .replace(/[<>:"|?*]/g, '')
    .replace(/\[/g, '(')
    .replace(/]/g, ')')
    .replace(/`/g, "'")
    .trim();
  return shorten(plain || 'upload', MAX_NAME_LENGTH);
}

function shorten(name: string, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const ext = /\.[^.\s]{1,16}$/.exec(name)?.[0] ?? '';
  return (
    chars
      .slice(0, max - ext.length)
      .join('')
      .trimEnd() + ext
  );
}

/**
 * A cleaned name for a chat message (Markdown): emphasis characters that could open or close emphasis
 * (`_` or `~` not between two letters or digits) and a leading `#` are escaped with a backslash. Applied
 * where the bot's messages are rendered (the runner); names in events and records are `cleanName`'s.
 */
export function chatName(name: string): string {
  return cleanName(name)
    .replace(/(?<![\p{L}\p{N}])[_~]|[_~](?![\p{L}\p{N}])/gu, '\\$&')
    .replace(/^#/, '\\#');
}
