import { expect, type Locator, type Page } from '@playwright/test';

/** Page model: what a person sees and does in Kindred, in their words. */
export class KindredApp {
  constructor(readonly page: Page) {}

  async open(url: string, hash = '#/today'): Promise<void> {
    const u = new URL(url);
    u.hash = hash;
    await this.page.goto(u.toString());
    await expect(this.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  }

  async go(hash: string): Promise<void> {
    await this.page.evaluate((h) => (window.location.hash = h), hash);
  }

  /** The page's rich-text editor, once it has loaded and can be typed in. */
  editor(): Locator {
    return this.page.locator('main [contenteditable="true"][role="textbox"]');
  }

  /** The long form of a YYYY-MM-DD date, as the app shows it ("Monday, November 30, 2026"). */
  static longDate(isoDate: string): string {
    const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
    return new Date(y, m - 1, d).toLocaleDateString('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
  }

  /** Opens a journal day (YYYY-MM-DD) and waits until that day's own editor can be typed in. */
  async openDay(isoDate: string): Promise<Locator> {
    await this.go(`#/day/${isoDate}`);
    const editor = this.page.locator(
      `main [contenteditable="true"][role="textbox"][aria-label="Journal entry for ${KindredApp.longDate(isoDate)}"]`,
    );
    await expect(editor).toBeVisible();
    return editor;
  }

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  /** Puts the caret at the end of the page (or its start: above a note's listening prompts). */
  async startTyping(at: 'end' | 'start' = 'end'): Promise<Locator> {
    const editor = this.editor();
    await expect(editor).toBeVisible();
    await editor.click();
    await this.page.keyboard.press(at === 'end' ? 'ControlOrMeta+End' : 'ControlOrMeta+Home');
    return editor;
  }

  /** Types "@name" and picks the matching person (or "Add … as a new person") with Enter. */
  async mention(name: string, { create = false } = {}): Promise<void> {
    await this.page.keyboard.type(`@${name}`);
    const listbox = this.page.getByRole('listbox', { name: 'People to mention' });
    await expect(listbox).toBeVisible();
    const option = create
      ? listbox.getByRole('option', { name: `Add “${name}” as a new person` })
      : listbox.getByRole('option', { name, exact: true });
    await expect(option).toHaveAttribute('aria-selected', 'true');
    await this.page.keyboard.press('Enter');
    await expect(listbox).toBeHidden();
  }

  mentionChip(name: string): Locator {
    return this.page.locator('main a.mention', { hasText: `@${name}` });
  }

  /** Waits until everything typed (and what lists derive from it) is committed to IndexedDB. */
  async waitSaved(): Promise<void> {
    // Reading the count is a new task in the page, so every keystroke sent so far has reached
    // its doc and been counted; then wait until the indicator saw nothing pending after them.
    const indicator = this.page.locator('.save-state');
    const edits = Number(await indicator.getAttribute('data-edits'));
    await expect
      .poll(async () => Number(await indicator.getAttribute('data-saved-through')), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(edits);
    await expect(indicator).toHaveAttribute('data-state', 'saved');
  }

  /** The sidebar's saving state ("Saving…", "Saved on this device", or the "Not saving" alert). */
  saveState(): Locator {
    return this.page.locator('.save-state');
  }

  /** What the page's editor shows, as plain text (paragraphs separated by newlines). */
  async text(): Promise<string> {
    return (await this.editor().innerText()).replace(/\u00a0/g, ' ').trim();
  }

  /**
   * Records every state the save indicator takes from now on (and on every later load of this
   * tab), so a test can assert that a state — the "Not saving" alert — never appeared, even for a
   * moment. Read them with `saveStates()`.
   */
  async recordSaveStates(): Promise<void> {
    const install = (): void => {
      const w = window as unknown as { __kindredSaveStates?: { state: string; text: string; at: number }[] };
      if (w.__kindredSaveStates) return;
      const seen: { state: string; text: string; at: number }[] = [];
      w.__kindredSaveStates = seen;
      const record = (): void => {
        const el = document.querySelector('.save-state');
        const state = el?.getAttribute('data-state') ?? 'absent';
        const last = seen[seen.length - 1];
        if (!last || last.state !== state) seen.push({ state, text: el?.textContent ?? '', at: performance.now() });
      };
      new MutationObserver(record).observe(document, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['data-state', 'class'],
      });
      record();
    };
    await this.page.addInitScript(install);
    await this.page.evaluate(install);
  }

  /** Every save-indicator state recorded since `recordSaveStates()` in this document, in order. */
  async saveStates(): Promise<{ state: string; text: string; at: number }[]> {
    return this.page.evaluate(
      () =>
        (window as unknown as { __kindredSaveStates?: { state: string; text: string; at: number }[] })
          .__kindredSaveStates ?? [],
    );
  }

  async openPersonFromMention(name: string): Promise<void> {
    await this.mentionChip(name).first().click();
    await expect(this.page.getByRole('textbox', { name: 'Name' })).toHaveValue(name);
  }

  conversations(): Locator {
    return this.page.getByRole('region', { name: /Conversations/ }).getByRole('listitem');
  }

  async nav(label: 'Today' | 'Journal' | 'People'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  }

  /** On People: "Import contacts…", then picks these files in the OS file chooser. */
  async chooseContactsFiles(files: { name: string; text: string }[]): Promise<Locator> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByRole('button', { name: 'Import contacts…' }).click();
    await (await chooser).setFiles(files.map((f) => ({ name: f.name, mimeType: 'text/vcard', buffer: Buffer.from(f.text, 'utf8') })));
    return this.importDialog();
  }

  /** The "Import contacts" dialog. */
  importDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Import contacts' });
  }

  /** The sidebar's "Reach out" link (its name also says how much is due today: "Reach out, 2 due today"). */
  reachOutLink(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Reach out\b/ });
  }

  async openReachOut(): Promise<void> {
    await this.reachOutLink().click();
    await expect(this.heading()).toHaveText(/^Reach out/);
  }

  /** One of Reach out's sections: "Check in", "Dates coming up", "Follow-ups". */
  reachOutSection(name: 'Check in' | 'Dates coming up' | 'Follow-ups'): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  /** In-app notifications (how the web host shows the daily reminder). */
  banners(): Locator {
    return this.page.locator('.banners').getByRole('status');
  }

  /** The local date `days` from today as YYYY-MM-DD (a journal day's route is `#/day/<date>`). */
  /**
   * The Journal list's entry containing `text`: the list renders only the rows near the
   * viewport, so this scrolls down through it until the entry is rendered.
   */
  async journalEntry(text: string): Promise<Locator> {
    const entries = this.page.getByRole('list', { name: 'Entries, newest first' }).getByRole('listitem');
    const entry = entries.filter({ hasText: text });
    await this.page.evaluate(() => window.scrollTo(0, 0));
    for (let i = 0; i < 200; i++) {
      if ((await entry.count()) > 0) return entry;
      const atEnd = await this.page.evaluate(() => {
        const before = window.scrollY;
        window.scrollBy(0, window.innerHeight * 0.8);
        return window.scrollY === before;
      });
      // The virtualizer renders the rows of the new position on its next frame.
      await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      if (atEnd && (await entry.count()) === 0) break;
    }
    return entry;
  }

  static isoDate(days = 0): string {
    const at = new Date();
    at.setDate(at.getDate() + days);
    const pad = (n: number): string => String(n).padStart(2, '0');
    return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  }

  /** The instant at `hours`:`minutes` local time, `days` from today (for `webHost.setClockOffset`). */
  static localTime(days: number, hours: number, minutes = 0): Date {
    const at = new Date();
    at.setDate(at.getDate() + days);
    at.setHours(hours, minutes, 0, 0);
    return at;
  }
}
