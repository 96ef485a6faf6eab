import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

/**
 * Every screen, in the OS's light and dark settings, checked with axe-core against WCAG 2 A/AA:
 * names for every control, contrast, landmarks, valid ARIA.
 */
for (const colorScheme of ['light', 'dark'] as const) {
  test(`every screen passes an accessibility scan (${colorScheme})`, async ({ page, appUrl }) => {
    await page.emulateMedia({ colorScheme });
    const app = new KindredApp(page);
    await app.open(appUrl);
    await app.startTyping();
    await page.keyboard.type('Tea with ');
    await app.mention('Maria', { create: true });
    await page.keyboard.type('about the bakery');
    await app.waitSaved();

    const scan = async (where: string): Promise<void> => {
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      const problems = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(problems, `${where} (${colorScheme})`).toEqual([]);
    };

    await scan('Today');
    await app.openPersonFromMention('Maria');
    await scan('Person page');
    await app.nav('Journal');
    await scan('Journal');
    await app.nav('People');
    await scan('People');
    await app.openReachOut();
    await scan('Reach out');
    await app.go('#/search?q=bakry');
    await expect(page.getByRole('list', { name: 'Search results' })).toBeVisible();
    await scan('Search');
    await app.go('#/settings');
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
    await scan('Settings');
    await app.go('#/settings/devices');
    await expect(page.getByRole('heading', { name: 'Devices', level: 1 })).toBeVisible();
    await scan('Devices (sync off)');
    await page.getByRole('button', { name: 'Pair a new device' }).first().click();
    await expect(page.getByRole('textbox', { name: 'Invite for your other device' })).toHaveValue(/^kindred-invite-/);
    await scan('Devices (showing an invite)');
    await app.go('#/settings/data');
    await expect(page.getByRole('heading', { name: 'Your data', level: 1 })).toBeVisible();
    await scan('Your data');
    await app.go('#/trash');
    await expect(page.getByRole('heading', { name: 'Trash', level: 1 })).toBeVisible();
    await scan('Trash (empty)');
    await app.go('#/people');
    await page.getByRole('link', { name: /Maria/ }).first().click();
    await page.getByRole('button', { name: 'Merge with…' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await scan('Merge dialog');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
    await page.keyboard.press('ControlOrMeta+k');
    await expect(page.getByRole('dialog')).toBeVisible();
    await scan('Quick switcher');
  });
}
