// App users in the real desktop app (on run.sh's fresh workspace): the first login with the
// default admin password forces a password change; the admin adds an operator, who signs in,
// changes the first password, sees no connection editor, and whose direct call of the
// connection commands is refused by the backend with FORBIDDEN. Run through ./run.sh.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ADMIN_PASSWORD,
  DEFAULT_PASSWORD,
  changePassword,
  openApp,
  submitLogin,
} from './session.mjs';

describe('app users', () => {
  let browser;

  before(async () => {
    browser = await openApp({ signIn: false });
  });

  after(async () => {
    await browser?.deleteSession();
  });

  const tabs = async () => {
    await browser.$('[role="tablist"]').waitForExist({ timeout: 20_000 });
    return browser.$$('button[role="tab"]').map((t) => t.getText());
  };
  const signOut = async () => {
    await browser.$('button=Sign out').click();
    await browser.$('input[name="user"]').waitForExist({ timeout: 20_000 });
  };

  it('first login forces a password change', async () => {
    assert.equal(await submitLogin(browser, 'admin', 'not the password'), 'LOGIN_FAILED');
    assert.equal(await submitLogin(browser, 'admin', DEFAULT_PASSWORD), null);
    const title = await browser.$('h2=Choose a new password');
    await title.waitForExist({ timeout: 20_000 });
    assert.equal(await browser.$('[role="tablist"]').isExisting(), false, 'no screen before the change');
    await changePassword(browser, DEFAULT_PASSWORD, ADMIN_PASSWORD);
    assert.ok((await tabs()).includes('Connections'));
  });

  it('an admin adds an operator on the Users screen', async () => {
    await browser.$('button[role="tab"]=Users').click();
    const name = await browser.$('input[name="new-user"]');
    await name.waitForExist({ timeout: 20_000 });
    await name.setValue('ops');
    await browser.$('input[name="new-password"]').setValue('first ops password');
    await browser.$('button=Add user').click();
    await browser.waitUntil(async () => (await browser.$$('[data-testid="user-row"]')).length === 2, {
      timeout: 20_000,
      timeoutMsg: 'the operator is not listed',
    });
  });

  it('an operator cannot open the connection editor, and the backend refuses it too', async () => {
    await signOut();
    assert.equal(await submitLogin(browser, 'ops', 'first ops password'), null);
    await changePassword(browser, 'first ops password', 'own ops password 1');
    const shown = await tabs();
    assert.ok(!shown.includes('Connections'), `an operator sees ${shown.join(', ')}`);
    assert.ok(!shown.includes('Options') && !shown.includes('Users'), shown.join(', '));
    assert.ok(shown.includes('Run') && shown.includes('Run log'), shown.join(', '));

    // The page calls the command itself, as a tampered UI would; the answer is kept on
    // `window` and read back (plain values cross WebDriver best).
    await browser.execute(() => {
      window.scAnswer = null;
      window.__TAURI_INTERNALS__
        .invoke('save_connection', {
          original: null,
          document: { name: 'sneaky', type: 'http', baseUrl: 'https://api.example.com' },
        })
        .then(
          () => {
            window.scAnswer = 'saved';
          },
          (error) => {
            window.scAnswer = `${error.code}: ${error.message}`;
          },
        );
    });
    let answer = null;
    await browser.waitUntil(
      async () => {
        answer = await browser.execute(() => window.scAnswer);
        return typeof answer === 'string';
      },
      { timeout: 20_000, timeoutMsg: 'the command did not answer' },
    );
    assert.match(answer, /^FORBIDDEN: /);
    await signOut();
  });
  it('the audit log shows who added the operator', async () => {
    assert.equal(await submitLogin(browser, 'admin', ADMIN_PASSWORD), null);
    await browser.$('button[role="tab"]=Audit log').click();
    await browser.waitUntil(async () => (await browser.$$('[data-testid="audit-row"]')).length > 0, {
      timeout: 20_000,
      timeoutMsg: 'the audit log is empty',
    });
    const rows = await browser.$$('[data-testid="audit-row"]').map((r) => r.getText());
    assert.ok(
      rows.some((r) => r.includes('admin') && r.includes('user "ops" added (operator)')),
      rows.join('\n'),
    );
  });
});
