/**
 * A native notification's body on this platform. Linux notification servers (libnotify and
 * most daemons, per the Desktop Notifications spec) read the body — not the summary — as a subset
 * of HTML markup, so a name like `<b>Sam</b>` or
 * `Tom & Jerry` would be rendered as markup or break the body; there `&`, `<` and `>` are
 * escaped. macOS and Windows show the text as given.
 */
export function notificationText(text: string, platform: string): string {
  if (platform !== 'linux') return text;
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
