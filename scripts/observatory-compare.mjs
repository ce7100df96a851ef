// scripts/observatory-compare.mjs — run by scripts/observatory-compare.
//
//   node observatory-compare.mjs OBSERVATORY_DIR SITES_JSON DEPLOYCHECK_BIN
//
// For each local test site (SITES_JSON is what livesites printed), runs the
// MDN HTTP Observatory's own retriever and tests, and `deploycheck probe`,
// then prints, per Observatory test that deploycheck also covers, whether
// each one finds a problem, and the agreement.
//
// The Observatory's scan() takes only a host name (no port), so this calls
// what scan() calls: retrieve(host, {httpPort, httpsPort, path}) and every
// function of ALL_TESTS, scored with its grader. Host names of the test
// sites are answered with 127.0.0.1 by a dns.lookup hook (any other name is
// refused, so nothing leaves the machine), and the test CA is trusted
// through NODE_EXTRA_CA_CERTS, set by the calling script.
import dns from "node:dns";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";

const [obsDir, sitesFile, deploycheck] = process.argv.slice(2);
const sites = JSON.parse(fs.readFileSync(sitesFile, "utf8"));

const local = new Set();
for (const s of Object.values(sites.sites)) for (const n of s.names) local.add(n);
const realLookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  if (typeof options === "function") [callback, options] = [options, {}];
  if (typeof options === "number") options = { family: options };
  if (!local.has(hostname) && hostname !== "127.0.0.1") {
    const err = new Error(`observatory-compare: refusing to look up ${hostname}`);
    err.code = "ENOTFOUND";
    return process.nextTick(callback, err);
  }
  if (options && options.all) return process.nextTick(callback, null, [{ address: "127.0.0.1", family: 4 }]);
  return process.nextTick(callback, null, "127.0.0.1", 4);
};
void realLookup;

const pkg = path.join(obsDir, "node_modules", "@mdn", "mdn-http-observatory", "src");
const imp = (p) => import(pathToFileURL(path.join(pkg, p)).href);
const { retrieve } = await imp("retriever/retriever.js");
const { ALL_TESTS } = await imp("constants.js");
const { getScoreModifier, getGradeForScore } = await imp("grader/grader.js");
const { MINIMUM_SCORE_FOR_EXTRA_CREDIT } = await imp("grader/charts.js");

// observatory runs the Observatory on one site and path, as scan() would
// (without its refusal of 4xx/5xx answers).
async function observatory(site, urlPath) {
  const r = await retrieve(site.host, { httpPort: site.http_port, httpsPort: site.https_port, path: urlPath });
  if (!r.responses.auto) return { error: "the site seems to be down" };
  const tests = {};
  let withCredit = 100, uncurved = 100;
  for (const test of ALL_TESTS) {
    const out = test(r);
    const mod = out.result ? getScoreModifier(out.result) : 0;
    withCredit += mod;
    if (mod < 0) uncurved += mod;
    tests[out.constructor.name] = { pass: out.pass, result: out.result, modifier: mod };
  }
  const score = uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withCredit : uncurved;
  return { tests, ...getGradeForScore(score), status: r.responses.auto.status };
}

// The Observatory tests deploycheck covers, with the deploycheck ids that
// mean "a problem" for each and the topics it must have checked.
const overlap = {
  "strict-transport-security": { topics: ["https"], ids: ["dc.probe.https.hsts-missing", "dc.probe.https.hsts-invalid", "dc.probe.https.hsts-short", "dc.probe.https.hsts-stripped"] },
  redirection: { topics: ["https"], ids: ["dc.probe.https.no-redirect", "dc.probe.https.redirect-indirect", "dc.probe.https.redirect-loop"] },
  "x-frame-options": { topics: ["security_headers"], ids: ["dc.probe.security_headers.x-frame-options"], conflicting: "X-Frame-Options" },
  "x-content-type-options": { topics: ["security_headers"], ids: ["dc.probe.security_headers.nosniff"], conflicting: "X-Content-Type-Options" },
  "referrer-policy": { topics: ["security_headers"], ids: ["dc.probe.security_headers.referrer-policy"] },
  "content-security-policy": { topics: ["security_headers"], ids: ["dc.probe.security_headers.csp-missing", "dc.probe.security_headers.csp-weak"] },
  cookies: {
    topics: ["session_cookie_secure", "csrf_cookie_secure"],
    ids: ["dc.probe.session_cookie_secure.not-secure", "dc.probe.session_cookie_secure.not-httponly", "dc.probe.session_cookie_secure.samesite",
      "dc.probe.session_cookie_secure.other-cookies", "dc.probe.csrf_cookie_secure.not-secure", "dc.probe.csrf_cookie_secure.samesite"],
  },
};

function deploycheckVerdict(report, test) {
  const o = overlap[test];
  const found = report.findings.filter((f) => o.ids.includes(f.id) ||
    (o.conflicting && f.id === "dc.probe.security_headers.conflicting" && f.message.includes(o.conflicting)));
  const checked = report.probe.grades.topics.some((t) => o.topics.includes(t.topic) && t.verified);
  if (found.length) return { verdict: "problem", detail: [...new Set(found.map((f) => f.id.replace("dc.probe.", "")))].join(", ") };
  return checked ? { verdict: "ok", detail: "" } : { verdict: "n/a", detail: "not checked" };
}

let agree = 0, compared = 0;
const disagreements = [];
const pad = (s, n) => (String(s).length >= n ? String(s) + "  " : String(s).padEnd(n));
console.log(pad("site", 9) + pad("test", 26) + pad("observatory", 44) + pad("deploycheck", 52) + "agree");
for (const name of Object.keys(sites.sites).sort()) {
  const site = sites.sites[name];
  const args = ["probe", `http://${site.host}:${site.http_port}/`, `https://${site.host}:${site.https_port}/`,
    "--ca-file", sites.ca_file, "--format", "json"];
  for (const r of site.resolve) args.push("--resolve", r);
  let out;
  try {
    out = execFileSync(deploycheck, args, { encoding: "utf8" });
  } catch (e) {
    out = e.stdout; // exit status 1: findings
  }
  const report = JSON.parse(out);
  const root = await observatory(site, "/");
  // Django sets its cookies on form pages only; the Observatory looks at
  // "/" (and /robots.txt). Its cookie test is also run on the login page.
  const login = await observatory(site, "/accounts/login/");
  const rows = Object.keys(overlap).map((t) => [t, root]);
  rows.push(["cookies", login, " (/accounts/login/)"]);
  console.log(`${name}: Observatory grade ${root.grade ?? "-"} (score ${root.score ?? "-"}), deploycheck grade ${report.probe.grades.overall.grade}`);
  for (const [test, obs, note = ""] of rows) {
    const o = obs.tests?.[test];
    const dc = deploycheckVerdict(report, test);
    const obsVerdict = !o ? "n/a" : o.pass ? "ok" : "problem";
    let mark = "n/a";
    if (obsVerdict !== "n/a" && dc.verdict !== "n/a") {
      compared++;
      if (obsVerdict === dc.verdict) {
        agree++;
        mark = "yes";
      } else {
        mark = "NO";
        disagreements.push(`${name} ${test}${note}: observatory ${o.result}, deploycheck ${dc.verdict} ${dc.detail}`);
      }
    }
    console.log("  " + pad("", 7) + pad(test + note, 26) + pad(`${obsVerdict} (${o ? o.result : "-"})`, 44) + pad(`${dc.verdict}${dc.detail ? " (" + dc.detail + ")" : ""}`, 52) + mark);
  }
}
console.log(`\nagreement: ${agree} of ${compared} verdicts compared (${Math.round((100 * agree) / Math.max(compared, 1))}%)`);
if (disagreements.length) {
  console.log("disagreements:");
  for (const d of disagreements) console.log("  " + d);
}
