/** The References panel as a person reaches it (panels start closed: click the tab). */
import type { Page } from 'playwright-core';

export async function openReferences(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'References', exact: true }).click();
  await page.getByTestId('references-panel').waitFor();
}
