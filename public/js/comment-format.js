// Pure helpers for comment threads and notifications: @mentions picked out of a comment's text,
// what a comment is about, and the top bar's wording.

const NAME = /[A-Za-z0-9][A-Za-z0-9._-]*/y;

/**
 * The text cut into plain and mention pieces: [{ text, mention: 'ann' }…]. A mention is `@name`
 * at the start of a word (not an e-mail address), without a trailing `.`, `-` or `_`; as the server reads them.
 */
export function bodySegments(text) {
  const pieces = [];
  let plain = '';
  let index = 0;
  while (index < text.length) {
    const before = index === 0 ? '' : text[index - 1];
    if (text[index] === '@' && !/[A-Za-z0-9._@-]/.test(before)) {
      NAME.lastIndex = index + 1;
      const match = NAME.exec(text);
      if (match) {
        const name = match[0].replace(/[._-]+$/, '');
        if (plain) pieces.push({ text: plain });
        plain = '';
        pieces.push({ text: `@${name}`, mention: name.toLowerCase() });
        index += 1 + name.length;
        continue;
      }
    }
    plain += text[index];
    index += 1;
  }
  if (plain) pieces.push({ text: plain });
  return pieces;
}

/** "on shape 2" (1-based, as the shape list counts), noting when the image changed since. */
export function aboutText(comment, currentRevision) {
  if (comment.shape_position == null) return '';
  const shape = `on shape ${comment.shape_position + 1}`;
  return comment.revision === currentRevision ? shape : `${shape} (as it was at revision ${comment.revision})`;
}

/** The top bar's button: "Comments", "Comments (3)", "Comments (3 · 1 mentions you)". */
export function notificationsLabel({ unread, comments }) {
  if (!unread) return 'Comments';
  const mentions = comments.filter((comment) => comment.mention).length;
  return `Comments (${unread}${mentions ? ` · ${mentions} mention${mentions === 1 ? 's' : ''} you` : ''})`;
}
