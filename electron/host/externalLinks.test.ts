import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HostError } from '../../shared/host/errors';
import { checkExternalUrl, createOpenLimiter } from './externalLinks';

/** The HostError a call throws (fails the test when it does not throw one). */
function refusal(run: () => unknown): HostError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(HostError);
    return err as HostError;
  }
  throw new Error('expected a refusal, but the link was accepted');
}

describe('checkExternalUrl', () => {
  it.each([
    ['https://example.com/a?b=c#top', 'https://example.com/a?b=c#top'],
    ['  https://example.com  ', 'https://example.com/'],
    ['HTTP://Example.COM/Path', 'http://example.com/Path'],
    ['http://127.0.0.1:8080/x', 'http://127.0.0.1:8080/x'],
    ['https://example.com/@someone', 'https://example.com/@someone'],
    ['https://example.com/?q=a@b', 'https://example.com/?q=a@b'],
    ['mailto:ana@example.com', 'mailto:ana@example.com'],
    ['mailto:ana@example.com?subject=Hello%20there&body=Line%201%0D%0ALine%202', 'mailto:ana@example.com?subject=Hello%20there&body=Line%201%0D%0ALine%202'],
    ['mailto:?to=ana@example.com&Subject=Hi', 'mailto:?to=ana@example.com&Subject=Hi'],
  ])('opens %s as %s', (raw, opened) => {
    expect(checkExternalUrl(raw)).toBe(opened);
  });

  it.each([
    ['mailto:ana@example.com?attach=/etc/passwd', 'mailto:ana@example.com'],
    ['mailto:ana@example.com?Attach=%2Fetc%2Fpasswd&subject=x', 'mailto:ana@example.com?subject=x'],
    ['mailto:ana@example.com?%61ttach=/etc/passwd&body=x', 'mailto:ana@example.com?body=x'],
    ['mailto:ana@example.com?subject=x&attachment=a&X-Mailer=b&in-reply-to=c&%ZZ=d&&', 'mailto:ana@example.com?subject=x'],
    ['mailto:ana@example.com#fragment', 'mailto:ana@example.com'],
  ])('keeps only the mail fields of %s', (raw, opened) => {
    expect(checkExternalUrl(raw)).toBe(opened);
  });

  it.each([
    ['https://accounts.example.com@evil.example/', 'evil.example'],
    ['https://user:pass@example.com/', 'example.com'],
    ['http://:@example.com/', 'example.com'],
    ['https://@example.com/', 'example.com'],
    ['https://accounts.example.com%40login@evil.example/', 'evil.example'],
  ])('refuses %s (credentials), naming the real host %s', (raw, realHost) => {
    const error = refusal(() => checkExternalUrl(raw));
    expect(error.code).toBe('refused');
    expect(error.message).toContain(`goes to ${realHost}`);
  });

  it.each(['http:///etc/passwd', 'https:///', 'https://', 'https:example.com', 'https:/example.com', 'http:\\\\evil.example\\', 'https://example.com\\@evil.example/'])(
    'refuses %s (no host written out)',
    (raw) => {
      expect(refusal(() => checkExternalUrl(raw)).message).toMatch(/no valid host name/);
    },
  );

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'ftp://example.com/', 'kindred://app/'])(
    'refuses the scheme of %s',
    (raw) => {
      expect(refusal(() => checkExternalUrl(raw)).message).toMatch(/only http, https and mailto/);
    },
  );

  it('refuses links with control characters, and quotes at most a short excerpt of junk', () => {
    expect(refusal(() => checkExternalUrl('https://exa\nmple.com/')).message).toMatch(/control characters/);
    expect(refusal(() => checkExternalUrl('java\tscript:alert(1)')).message).toMatch(/control characters/);
    const long = refusal(() => checkExternalUrl(`not a link ${'x'.repeat(5000)}`));
    expect(long.message.length).toBeLessThan(200);
  });

  it('never passes a mail field other than to/cc/bcc/subject/body (any names, any case, any encoding)', () => {
    const name = fc.oneof(
      fc.constantFrom('to', 'cc', 'bcc', 'subject', 'body', 'attach', 'attachment', 'X-Evil', 'BODY', 'Cc', 'in-reply-to'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.string({ maxLength: 20 })), { maxLength: 8 }), (fields) => {
        const query = fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const opened = checkExternalUrl(`mailto:ana@example.com?${query}`);
        const search = new URL(opened).search.slice(1);
        const names = search === '' ? [] : search.split('&').map((p) => decodeURIComponent(p.split('=', 1)[0]!).toLowerCase());
        for (const n of names) expect(['to', 'cc', 'bcc', 'subject', 'body']).toContain(n);
        const expected = fields.filter(([k]) => ['to', 'cc', 'bcc', 'subject', 'body'].includes(k.toLowerCase()));
        expect(names).toEqual(expected.map(([k]) => k.toLowerCase()));
      }),
    );
  });

  it('refuses every web link with a user name, and names the host it would really open', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
    fc.assert(
      fc.property(label, label, fc.constantFrom('http', 'https'), (user, host, scheme) => {
        const error = refusal(() => checkExternalUrl(`${scheme}://${user}.example.com@${host}.example/`));
        expect(error.message).toContain(`goes to ${host}.example`);
      }),
    );
  });
});

describe('createOpenLimiter', () => {
  it('allows 5 links per window in any 10 seconds, then again as old ones age out', () => {
    const clock = { now: 1_000_000 };
    const limiter = createOpenLimiter({ now: () => clock.now });
    for (let i = 0; i < 5; i++) {
      limiter.take('w1');
      clock.now += 1000;
    }
    // 5 s after the first one: still five inside the window.
    const error = refusal(() => limiter.take('w1'));
    expect(error.code).toBe('refused');
    expect(error.message).toBe('Too many links opened at once; this one was not opened. Try again in 5 seconds.');
    limiter.take('w2'); // another window is not held back
    clock.now += 5000; // the first has aged out
    limiter.take('w1');
    expect(() => limiter.take('w1')).toThrow(/Too many links/);
  });

  it('a refused attempt does not extend the wait', () => {
    const clock = { now: 0 };
    const limiter = createOpenLimiter({ max: 2, windowMs: 1000, now: () => clock.now });
    limiter.take('w');
    limiter.take('w');
    for (let t = 0; t < 10; t++) {
      clock.now += 50;
      expect(() => limiter.take('w')).toThrow(HostError);
    }
    clock.now = 1000;
    expect(() => limiter.take('w')).not.toThrow();
  });
});
