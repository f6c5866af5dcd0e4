// Drive a real Roost with masto.js 7 (npm "masto"), as Elk and Phanpy do.
//
// clients_test.go starts Roost, creates a user and runs this with
// ROOST_URL, ROOST_LOGIN and ROOST_PASSWORD set, and ROOST_OTHER_TOKEN, a
// token of another user (bob) who favourites and follows so that the
// signed-in user gets notifications. The script signs in the
// way a person does (authorization page, form, code from the redirect)
// and then runs every check in CHECKS with the signed-in client. To test
// more of the API, add an async function (rest, ctx) to CHECKS; ctx passes
// values between checks.

import { createECDH, randomBytes } from "node:crypto";

import { createOAuthAPIClient, createRestAPIClient, createStreamingAPIClient } from "masto";

const BASE = process.env.ROOST_URL;
const LOGIN = process.env.ROOST_LOGIN;
const PASSWORD = process.env.ROOST_PASSWORD;
const SCOPES = "read write follow push";
const REDIRECT = "http://127.0.0.1:9/masto-callback"; // never fetched: the code is read from Location

function assert(ok, message) {
  if (!ok) throw new Error(message);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// bob, the other user.
const other = () => createRestAPIClient({ url: BASE, accessToken: process.env.ROOST_OTHER_TOKEN });

// nextEvent waits for the next event of a stream iterator that passes test.
async function nextEvent(iterator, test, ms = 10000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve({ timedOut: true }), deadline - Date.now()); });
    const got = await Promise.race([iterator.next(), timeout]);
    clearTimeout(timer); // a pending timer would keep node running
    if (got.timedOut || got.done) break;
    if (test(got.value)) return got.value;
  }
  throw new Error("no matching streaming event arrived");
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
  async function verifyCredentials(rest, ctx) {
    ctx.me = await rest.v1.accounts.verifyCredentials();
    assert(ctx.me.username === LOGIN && ctx.me.source, JSON.stringify(ctx.me));
  },
  async function postStatus(rest, ctx) {
    ctx.status = await rest.v1.statuses.create({ status: "Hello from masto.js #roost", visibility: "public" });
    assert(ctx.status.account.id === ctx.me.id && ctx.status.content.includes("Hello from masto.js"), JSON.stringify(ctx.status));
    assert(ctx.status.tags.map((t) => t.name).join() === "roost", JSON.stringify(ctx.status.tags));
  },
  async function reply(rest, ctx) {
    ctx.reply = await rest.v1.statuses.create({ status: "and a reply", inReplyToId: ctx.status.id });
    assert(ctx.reply.inReplyToId === ctx.status.id, JSON.stringify(ctx.reply));
    const thread = await rest.v1.statuses.$select(ctx.status.id).context.fetch();
    assert(thread.descendants.map((s) => s.id).join() === ctx.reply.id, JSON.stringify(thread));
  },
  async function favourite(rest, ctx) {
    const st = await rest.v1.statuses.$select(ctx.status.id).favourite();
    assert(st.favourited === true && st.favouritesCount === 1, JSON.stringify(st));
  },
  async function homeTimeline(rest, ctx) {
    const home = await rest.v1.timelines.home.list({ limit: 10 });
    const ids = home.map((s) => s.id);
    assert(ids[0] === ctx.reply.id && ids[1] === ctx.status.id, JSON.stringify(ids));
  },
  async function notifications(rest, ctx) {
    await other().v1.statuses.$select(ctx.status.id).favourite();
    await other().v1.accounts.$select(ctx.me.id).follow();
    const notes = await rest.v1.notifications.list();
    const kinds = notes.slice(0, 2).map((n) => `${n.type}:${n.account.username}`);
    assert(kinds.join() === "follow:bob,favourite:bob", JSON.stringify(kinds));
    assert(notes[1].status.id === ctx.status.id, JSON.stringify(notes[1]));
  },
  async function streamUser(rest, ctx) {
    const inst = await rest.v2.instance.fetch();
    const streaming = createStreamingAPIClient({
      streamingApiUrl: inst.configuration.urls.streaming, accessToken: ctx.token.accessToken, retry: false,
    });
    try {
      const events = streaming.user.subscribe()[Symbol.asyncIterator]();
      // There is no acknowledgement of a subscription: post until one arrives.
      const posted = new Set();
      let first = events.next();
      let got;
      for (let i = 0; i < 20 && !got; i++) {
        const st = await rest.v1.statuses.create({ status: `streamed ${i}` });
        posted.add(st.id);
        got = await Promise.race([first, sleep(500).then(() => undefined)]);
      }
      assert(got && got.value.event === "update" && posted.has(got.value.payload.id), JSON.stringify(got?.value));
      const last = [...posted].at(-1);
      await other().v1.statuses.$select(last).favourite();
      const note = await nextEvent(events, (e) => e.event === "notification");
      assert(note.payload.type === "favourite" && note.payload.status.id === last, JSON.stringify(note));
    } finally {
      streaming.close();
    }
  },
  async function pushSubscription(rest) {
    const ecdh = createECDH("prime256v1");
    const b64 = (b) => Buffer.from(b).toString("base64url");
    const sub = await rest.v1.push.subscription.create({
      subscription: { endpoint: "https://push.example.net/masto", keys: { p256dh: b64(ecdh.generateKeys()), auth: b64(randomBytes(16)) } },
      data: { alerts: { mention: true, favourite: true }, policy: "follower" },
    });
    assert(sub.alerts.mention && sub.alerts.favourite && !sub.alerts.reblog && sub.policy === "follower" && sub.serverKey, JSON.stringify(sub));
    const inst = await rest.v2.instance.fetch();
    assert(inst.configuration.vapid.publicKey === sub.serverKey, JSON.stringify(inst.configuration.vapid));
    const updated = await rest.v1.push.subscription.update({ data: { alerts: { reblog: true }, policy: "all" } });
    assert(updated.alerts.reblog && !updated.alerts.mention && updated.policy === "all", JSON.stringify(updated));
    await rest.v1.push.subscription.remove();
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
      const start = Date.now();
      await check(ctx.rest, ctx);
      console.log(`ok   ${check.name} (${((Date.now() - start) / 1000).toFixed(2)}s)`);
    } catch (err) {
      failed++;
      console.log(`FAIL ${check.name}\n${err.stack ?? err}`);
    }
  }
  console.log(`masto.js: ${CHECKS.length - failed} of ${CHECKS.length} checks passed`);
  process.exitCode = failed ? 1 : 0;
}

await main();
