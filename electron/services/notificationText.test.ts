import { describe, expect, it } from 'vitest';
import { notificationText } from './notificationText';

describe('native notification text', () => {
  it('escapes markup on Linux, where notification servers render it', () => {
    expect(notificationText('<b>Sam</b> & <a href="x">Ana</a>', 'linux')).toBe('&lt;b&gt;Sam&lt;/b&gt; &amp; &lt;a href="x"&gt;Ana&lt;/a&gt;');
    // Escaping is applied once, to the raw text: an existing entity is shown as typed.
    expect(notificationText('&amp;', 'linux')).toBe('&amp;amp;');
  });

  it('leaves the text as typed on macOS and Windows', () => {
    for (const platform of ['darwin', 'win32']) expect(notificationText('<b>Sam</b> & co', platform)).toBe('<b>Sam</b> & co');
  });
});
