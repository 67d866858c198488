// The mapping editor in the real desktop app: drag and drop with W3C pointer actions, a
// transform that turns an error cell valid, the JSON view, saving to a file, auto-map, and a
// mapping built from nothing by auto-map alone that previews the first records without errors.
// Run through ./run.sh.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Key } from 'webdriverio';
import { openApp, outDir } from './session.mjs';

describe('the mapping editor', () => {
  let browser;
  const scratch = mkdtempSync(join(tmpdir(), 'sc-editor-e2e-'));

  before(async () => {
    browser = await openApp();
  });

  after(async () => {
    await browser?.deleteSession();
    rmSync(scratch, { recursive: true, force: true });
  });

  const byTestId = (id) => browser.$(`[data-testid="${id}"]`);

  async function waitForTestId(id, timeoutMsg) {
    await browser.waitUntil(async () => byTestId(id).isExisting(), { timeout: 20_000, timeoutMsg });
    return byTestId(id);
  }

  async function cellState(id) {
    const cell = await byTestId(id);
    if (!(await cell.isExisting())) return 'absent';
    return cell.getAttribute('data-state');
  }

  /** A preview cell's text, scrolled into view the way a user would look at it. */
  async function cellText(id) {
    const cell = await byTestId(id);
    await browser.execute((el) => {
      el.scrollIntoView({ block: 'nearest', inline: 'center' });
    }, cell);
    return (await cell.getProperty('textContent')).trim();
  }

  async function mappingTargets() {
    const rows = await browser.$$('[data-testid="mapping-row"]');
    const targets = [];
    for (const row of rows) targets.push(await row.getAttribute('data-target'));
    return targets;
  }

  /** Drags a source path onto a target field with W3C pointer actions, in several steps. */
  async function dragSourceOnto(path, field) {
    const search = await browser.$('input[aria-label="Search target fields"]');
    await search.setValue(field);
    const source = await browser.$(`[data-source-path="${path}"]`);
    const target = await browser.$(`[data-target-field="${field}"]`);
    await browser.execute((el) => {
      el.scrollIntoView({ block: 'center' });
    }, source);
    await browser
      .action('pointer', { parameters: { pointerType: 'mouse' } })
      .move({ origin: source })
      .down({ button: 0 })
      .move({ origin: source, x: 12, y: 4, duration: 50 })
      .move({ origin: source, x: 60, y: 10, duration: 100 })
      .move({ origin: target, x: -20, y: 0, duration: 200 })
      .move({ origin: target, duration: 100 })
      .up({ button: 0 })
      .perform();
    await search.clearValue();
  }

  it('opens on the demo workspace with its live preview', async () => {
    assert.equal(await browser.getTitle(), 'Sync Central');
    await waitForTestId('cell-0-Contact_Id__c', 'the editor never showed the demo preview');
    const heading = await browser.$('h1').getText();
    assert.match(heading, /^Mapping — Contact/);
    assert.equal(await byTestId('records-count').getText(), '3 records');
    // Let the mapping lines settle, then keep a picture of the main screen.
    await browser.pause(300);
    await browser.saveScreenshot(join(outDir, 'editor.png'));
  });

  it('maps a source path dragged onto a target field and previews the new column', async () => {
    assert.ok(!(await mappingTargets()).includes('Title'));
    await dragSourceOnto('score', 'Title');

    await waitForTestId('column-Title', 'the preview never showed a Title column');
    assert.ok((await mappingTargets()).includes('Title'));
    assert.equal(await cellText('cell-0-Title'), '87.5');
    // 92 is a number: Salesforce refuses it for a text field.
    await browser.waitUntil(async () => (await cellState('cell-1-Title')) === 'invalid', {
      timeout: 10_000,
      timeoutMsg: 'record 2 has no invalid Title cell',
    });
    const title = await byTestId('cell-1-Title').getAttribute('title');
    assert.match(title, /^INVALID_TYPE_ON_FIELD_IN_RECORD: /);
    await browser.saveScreenshot(join(outDir, 'editor-dropped.png'));
  });

  it('turns the error cell valid when a convert transform is added', async () => {
    const rows = await browser.$$('[data-testid="mapping-row"]');
    for (const row of rows) {
      if ((await row.getAttribute('data-target')) === 'Title') await row.click();
    }
    await browser.$('select[aria-label="Transform kind"]').selectByAttribute('value', 'convert');
    await browser.$('button=Add transform').click();

    await browser.waitUntil(async () => (await cellState('cell-1-Title')) === 'valid', {
      timeout: 10_000,
      timeoutMsg: 'the Title cell of record 2 stayed invalid after {"convert": "text"}',
    });
    assert.equal(await cellText('cell-1-Title'), '92');
  });

  it('follows an edit made in the JSON view', async () => {
    await browser.$('button=JSON').click();
    const content = await browser.$('.cm-content');
    await content.waitForExist({ timeout: 5_000 });
    await content.click();
    await browser.keys([Key.Ctrl, 'a']);
    await browser.keys('{"email": "Email", "title": "Salutation"}'.split(''));
    await browser.waitUntil(async () => !(await byTestId('json-error').isExisting()), {
      timeout: 5_000,
      timeoutMsg: `the JSON view shows an error: ${await byTestId('json-error').getText().catch(() => '')}`,
    });
    await browser.$('button=Visual').click();

    await browser.waitUntil(async () => (await mappingTargets()).join() === 'Email,Salutation', {
      timeout: 5_000,
      timeoutMsg: `the visual view shows ${JSON.stringify(await mappingTargets())}`,
    });
    await waitForTestId('cell-0-Email', 'the preview did not follow the JSON edit');
    assert.equal(await byTestId('column-Title').isExisting(), false);
  });

  it('saves the mapping to a file that reads back as the mapping shown', async () => {
    const file = join(scratch, 'contacts.mapping.json');
    await browser.$('input[aria-label="Mapping file path"]').setValue(file);
    await browser.$('button=Save').click();
    await waitForTestId('file-message', 'no message after saving');
    assert.equal(await byTestId('file-message').getText(), `Saved ${file}`);

    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(saved, {
      fields: [
        { source: 'email', target: 'Email' },
        { source: 'title', target: 'Salutation' },
      ],
    });
    assert.equal(await byTestId('unsaved').isExisting(), false);
  });

  it('runs auto-map and accepts a suggestion into the mapping and its preview', async () => {
    const before = await mappingTargets();
    await browser.$('button=Auto-map').click();
    await waitForTestId('suggestion', 'auto-map showed no suggestion');
    await browser.saveScreenshot(join(outDir, 'editor-automap.png'));
    const first = await byTestId('suggestion');
    const accept = await first.$('button=Accept');
    const label = await accept.getAttribute('aria-label');
    const [, source, target] = /^Accept (.+) to (.+)$/.exec(label);
    assert.ok(!before.includes(target), `${target} was already mapped`);
    await accept.click();

    await browser.waitUntil(async () => (await mappingTargets()).includes(target), {
      timeout: 5_000,
      timeoutMsg: `accepting ${source} → ${target} did not map it`,
    });
    assert.deepEqual(await mappingTargets(), [...before, target]);
    await browser.waitUntil(
      async () => (await browser.$$('[data-testid^="column-"]').length) > before.length,
      { timeout: 10_000, timeoutMsg: `the preview has no column for ${target}` },
    );
  });

  it('builds a mapping from an empty one with auto-map that previews records 1 and 2 without errors', async () => {
    await browser.$('button=New mapping').click();
    // The accepted suggestion is not saved: the editor asks first, and Cancel keeps it all.
    const dialog = await waitForTestId('confirm-dialog', 'New mapping did not ask about the unsaved edits');
    await dialog.$('button=Cancel').click();
    assert.ok((await mappingTargets()).length > 0, 'Cancel still cleared the mapping');
    await browser.$('button=New mapping').click();
    await (await waitForTestId('confirm-dialog', 'no question the second time')).$('button=Discard and start anew').click();
    await browser.waitUntil(async () => (await mappingTargets()).length === 0, {
      timeout: 5_000,
      timeoutMsg: `New mapping left ${JSON.stringify(await mappingTargets())}`,
    });
    assert.equal(await byTestId('records-count').getText(), '3 records');

    await browser.$('button=Auto-map').click();
    await waitForTestId('suggestion', 'auto-map suggested nothing for an empty mapping');
    let accepted = 0;
    while (await byTestId('suggestion').isExisting()) {
      const count = (await browser.$$('[data-testid="suggestion"]')).length;
      await byTestId('suggestion').$('button=Accept').click();
      await browser.waitUntil(
        async () => (await browser.$$('[data-testid="suggestion"]')).length < count,
        { timeout: 5_000, timeoutMsg: 'an accepted suggestion stayed in the list' },
      );
      accepted += 1;
    }
    assert.ok(accepted >= 5, `only ${accepted} suggestions`);
    // What a Contact needs and auto-map did not give is dragged on by hand.
    for (const [source, field] of [
      ['name-last', 'LastName'],
      ['id', 'Contact_Id__c'],
    ]) {
      if (!(await mappingTargets()).includes(field)) await dragSourceOnto(source, field);
    }
    const targets = await mappingTargets();
    assert.ok(targets.includes('LastName') && targets.includes('Contact_Id__c'), targets.join());

    await waitForTestId('cell-1-LastName', 'the preview never showed the new mapping');
    await browser.waitUntil(
      async () => (await browser.$$('[data-testid^="column-"]').length) === targets.length,
      { timeout: 10_000, timeoutMsg: 'the preview did not follow the accepted suggestions' },
    );
    await browser.pause(300);
    await browser.saveScreenshot(join(outDir, 'editor-automapped.png'));
    for (const row of [0, 1]) {
      const cells = await browser.$$(`[data-testid^="cell-${row}-"]`);
      assert.equal(cells.length, targets.length, `record ${row} has a cell per mapped field`);
      const invalid = [];
      for (const cell of cells) {
        if ((await cell.getAttribute('data-state')) === 'invalid') {
          invalid.push(`${await cell.getAttribute('data-testid')}: ${await cell.getAttribute('title')}`);
        }
      }
      assert.deepEqual(invalid, [], `record ${row} has invalid cells`);
    }
    assert.equal(await cellText('cell-1-LastName'), 'de la cruz');
  });
});
