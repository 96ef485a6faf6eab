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
    await this.page.waitForTimeout(50);
    await expect(this.page.locator('.save-state')).toHaveAttribute('data-state', 'saved');
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

  /** The instant at `hours`:`minutes` local time, `days` from today (for `webHost.setClockOffset`). */
  static localTime(days: number, hours: number, minutes = 0): Date {
    const at = new Date();
    at.setDate(at.getDate() + days);
    at.setHours(hours, minutes, 0, 0);
    return at;
  }
}
