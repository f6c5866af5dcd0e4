// Drive a real Roost with masto.js 7 (npm "masto"), as Elk and Phanpy do.
//
// clients_test.go starts Roost, creates a user and runs this with
// ROOST_URL, ROOST_LOGIN and ROOST_PASSWORD set. The script signs in the
// way a person does (authorization page, form, code from the redirect)
// and then runs every check in CHECKS with the signed-in client. To test
// more of the API, add an async function (rest, ctx) to CHECKS; ctx passes
// values between checks.

import { createOAuthAPIClient, createRestAPIClient } from "masto";

const BASE = process.env.ROOST_URL;
const LOGIN = process.env.ROOST_LOGIN;
const PASSWORD = process.env.ROOST_PASSWORD;
const SCOPES = "read write follow push";
const REDIRECT = "http://127.0.0.1:9/masto-callback"; // never fetched: the code is read from Location

function assert(ok, message) {
  if (!ok) throw new Error(message);
}

// hiddenFields reads the hidden inputs of the sign-in form.
function hiddenFields(html) {
  const fields = {};
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const attr = (name) => tag.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];
    if (attr("type") === "hidden" && attr("name")) fields[attr("name")] = decodeEntities(attr("value") ?? "");
  }
  return fields;
}

function decodeEntities(s) {
  return s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCharCode(parseInt(n, 16)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

// authorizeInBrowser opens the authorization page, signs in and presses
// Authorize, carrying the CSRF cookie like a browser; returns the code.
async function authorizeInBrowser(authURL, state) {
  const page = await fetch(authURL);
  assert(page.status === 200, `authorize page: ${page.status}`);
  const cookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const fields = hiddenFields(await page.text());
  assert(fields.authenticity_token, "the form has no CSRF token");
  const body = new URLSearchParams({ ...fields, login: LOGIN, password: PASSWORD, decision: "approve" });
  const reply = await fetch(new URL("/oauth/authorize", BASE), {
    method: "POST", body, redirect: "manual", headers: { cookie },
  });
  assert(reply.status === 302, `sign-in: ${reply.status} ${await reply.text()}`);
  const location = new URL(reply.headers.get("location"));
  assert(location.searchParams.get("state") === state, `state lost: ${location}`);
  return location.searchParams.get("code");
}

async function signIn() {
  const anonymous = createRestAPIClient({ url: BASE });
  const app = await anonymous.v1.apps.create({ clientName: "masto.js harness", redirectUris: REDIRECT, scopes: SCOPES });
  assert(app.clientId && app.clientSecret, `app: ${JSON.stringify(app)}`);
  const state = "masto-state";
  const authURL = new URL("/oauth/authorize", BASE);
  authURL.search = new URLSearchParams({
    response_type: "code", client_id: app.clientId, redirect_uri: REDIRECT, scope: SCOPES, state,
  }).toString();
  const code = await authorizeInBrowser(authURL, state);
  const oauth = createOAuthAPIClient({ url: BASE });
  const token = await oauth.token.create({
    grantType: "authorization_code", clientId: app.clientId, clientSecret: app.clientSecret,
    redirectUri: REDIRECT, code, scope: SCOPES,
  });
  assert(token.accessToken && token.scope === SCOPES, `token: ${JSON.stringify(token)}`);
  return { app, token, rest: createRestAPIClient({ url: BASE, accessToken: token.accessToken }) };
}

// Checks run in order; revokeToken signs the client out, so it stays last.
const CHECKS = [
  async function appCredentials(rest) {
    const app = await rest.v1.apps.verifyCredentials();
    assert(app.name === "masto.js harness", JSON.stringify(app));
  },
  async function instanceV2(rest) {
    const inst = await rest.v2.instance.fetch();
    assert(inst.domain && inst.configuration.statuses.maxCharacters > 0, JSON.stringify(inst));
  },
  async function instanceV1(rest) {
    const inst = await rest.v1.instance.fetch();
    assert(inst.version.startsWith("4."), JSON.stringify(inst));
  },
  async function startupCalls(rest) {
    await rest.v1.preferences.fetch();
    await rest.v1.markers.fetch({ timeline: ["home", "notifications"] });
    const lists = await rest.v1.lists.list();
    assert(Array.isArray(lists), "lists is not an array");
    const emojis = await rest.v1.customEmojis.list();
    assert(Array.isArray(emojis), "custom emojis is not an array");
  },
  async function revokeToken(rest, ctx) {
    const oauth = createOAuthAPIClient({ url: BASE });
    await oauth.revoke({ clientId: ctx.app.clientId, clientSecret: ctx.app.clientSecret, token: ctx.token.accessToken });
    try {
      await rest.v1.apps.verifyCredentials();
    } catch {
      return;
    }
    throw new Error("a revoked token still works");
  },
];

async function main() {
  const ctx = await signIn();
  let failed = 0;
  for (const check of CHECKS) {
    try {
      await check(ctx.rest, ctx);
      console.log(`ok   ${check.name}`);
    } catch (err) {
      failed++;
      console.log(`FAIL ${check.name}\n${err.stack ?? err}`);
    }
  }
  console.log(`masto.js: ${CHECKS.length - failed} of ${CHECKS.length} checks passed`);
  process.exitCode = failed ? 1 : 0;
}

await main();
