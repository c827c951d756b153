// Signed updates: a release feed on 127.0.0.1 announces version 0.2.0; the app shows it with its
// notes, downloads it with the signature verified, and installs it; a feed whose signature is not
// the trusted key's is refused in plain words.
//
// The key pair is made here with the Tauri CLI (`signer generate`), and the served file is signed
// with `signer sign --app-version 0.2.0`, as a release is. The app trusts the test public key
// because debug builds (only) read a key from the file named by EFLOW_DESK_TEST_UPDATE_PUBKEY_FILE
// (tests/e2e/session.sh sets it; this spec writes the file); release builds trust only the key in
// tauri.conf.json. The served "build" is a small stand-in executable, not a real 0.2.0 build: the
// check, the download, the signature and the install do not depend on what the file does.
//
// Install: a debug binary carries no bundle type, so the plugin installs it the AppImage way (the
// running executable's file is replaced). The app under test therefore runs from a copy of the
// binary, which the install replaces; the shared build is never touched.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { APP, ROOT, byTestId, click, fill, goToSettings, launchApp, quitApp, screenshot, textMatches } from "../harness.mjs";

const TAURI = join(ROOT, "target/tools/node_modules/.bin/tauri");
const PUBKEY_FILE = process.env.EFLOW_DESK_TEST_UPDATE_PUBKEY_FILE;
const NEW_VERSION = "0.2.0";
const NOTES = "Faster tables.\nCSV files from any spreadsheet.";

let work;
let feed;
let artifact;
const downloads = [];

/** A minisign key pair from the Tauri CLI, without a password. */
function keyPair(name) {
  const path = join(work, `${name}.key`);
  execFileSync(TAURI, ["signer", "generate", "--ci", "-p", "", "-w", path], { stdio: "pipe" });
  return { path, publicKey: readFileSync(`${path}.pub`, "utf8").trim() };
}

/** The `.sig` text of `file`, signed with `key` for `version`. */
function sign(key, file, version) {
  execFileSync(TAURI, ["signer", "sign", "-f", key.path, "-p", "", "--app-version", version, file], { stdio: "pipe" });
  return readFileSync(`${file}.sig`, "utf8").trim();
}

before(async () => {
  assert.ok(PUBKEY_FILE, "session.sh names the test key file");
  work = mkdtempSync(join(process.env.HOME, "updates-"));
  // The stand-in build: a small executable (ELF), as an AppImage is.
  artifact = join(work, `Eflow Desk_${NEW_VERSION}_amd64.AppImage`);
  copyFileSync("/bin/true", artifact);
  const trusted = keyPair("trusted");
  const stranger = keyPair("stranger");
  const goodSignature = sign(trusted, artifact, NEW_VERSION);
  const strangerSignature = sign(stranger, artifact, NEW_VERSION);
  writeFileSync(PUBKEY_FILE, trusted.publicKey);

  const bytes = readFileSync(artifact);
  const manifest = (signature) =>
    JSON.stringify({
      version: NEW_VERSION,
      notes: NOTES,
      pub_date: "2026-12-01T10:00:00Z",
      platforms: { "linux-x86_64": { url: `${feed.origin}/download/eflow-desk-${NEW_VERSION}.AppImage`, signature } },
    });
  const server = createServer((request, response) => {
    if (request.url === "/latest.json" || request.url === "/wrong-signature.json") {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(manifest(request.url === "/latest.json" ? goodSignature : strangerSignature));
    } else if (request.url.startsWith("/download/")) {
      downloads.push(request.url);
      response.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": bytes.length });
      response.end(bytes);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  feed = { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
});

after(() => {
  feed?.close();
  // Later launches trust the configured key again.
  if (PUBKEY_FILE) rmSync(PUBKEY_FILE, { force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

async function useFeed(app, path) {
  await goToSettings(app);
  await fill(app, byTestId("release-feed"), `${feed.origin}${path}`);
  await click(app, byTestId("save-release-feed"));
  await textMatches(app, byTestId("updates"), /Feed saved/);
}

test("a newer signed release is shown with its notes, downloaded with its signature verified, and installed", async () => {
  // The app runs from its own copy, which the install replaces.
  const copy = join(work, "eflow-desk");
  copyFileSync(APP, copy);
  execFileSync("chmod", ["755", copy]);
  const app = await launchApp([], { application: copy });
  try {
    await useFeed(app, "/latest.json");
    await click(app, byTestId("check-updates"));
    await textMatches(app, byTestId("update-version"), new RegExp(`Version ${NEW_VERSION} is available`));
    await textMatches(app, byTestId("update-available"), /you have 0\.1\.0/);
    await textMatches(app, byTestId("update-notes"), /CSV files from any spreadsheet/);
    await screenshot(app, "15-update-available");

    await click(app, byTestId("download-update"));
    await textMatches(app, byTestId("update-verified"), new RegExp(`Version ${NEW_VERSION} is downloaded and its signature`));
    assert.equal(downloads.length, 1, "the build was downloaded once");
    await screenshot(app, "15-update-verified");

    await click(app, byTestId("install-update"));
    await textMatches(app, byTestId("update-installed"), new RegExp(`Version ${NEW_VERSION} is installed`));
    assert.ok(readFileSync(copy).equals(readFileSync(artifact)), "the app's file is now the signed build");
    await screenshot(app, "15-update-installed");
  } finally {
    await quitApp(app);
  }
});

test("a release whose signature is not the trusted key's is refused in plain words and nothing is installed", async () => {
  const app = await launchApp();
  try {
    await useFeed(app, "/wrong-signature.json");
    await click(app, byTestId("check-updates"));
    await textMatches(app, byTestId("update-version"), new RegExp(`Version ${NEW_VERSION} is available`));
    await click(app, byTestId("download-update"));
    await textMatches(
      app,
      byTestId("error-message"),
      /not signed with Eflow Desk's release key, so it was refused and nothing was installed/,
    );
    assert.equal(await (await app.$(byTestId("update-verified"))).isExisting(), false);
    assert.equal(await (await app.$(byTestId("install-update"))).isExisting(), false);
    await screenshot(app, "15-update-refused");
  } finally {
    await quitApp(app);
  }
});
