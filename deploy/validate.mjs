// Validates every manifest in deploy/k8s/ against the Kubernetes JSON schemas shipped in the
// npm package kubernetes-models (offline; no cluster needed), then checks the security rules the
// schemas cannot express: no literal secret in a manifest or in docker-compose.yml, every
// workload hardened (non-root, no privilege escalation, no capabilities, read-only root,
// RuntimeDefault seccomp, no service-account token, memory limits), and a default-deny
// NetworkPolicy in the slipway namespace. Run through deploy/validate.sh, which installs the
// packages into a temporary directory.
//   node deploy/validate.mjs DIR_WITH_NODE_MODULES
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const modules = process.argv[2];
if (!modules) {
  console.error("usage: node deploy/validate.mjs DIR_WITH_NODE_MODULES");
  process.exit(2);
}
const require = createRequire(join(modules, "package.json"));
const YAML = require("yaml");

// kind -> [module, export]; a manifest of any other kind is an error, not silently skipped.
const kinds = {
  "v1/Namespace": ["v1", "Namespace"],
  "v1/ConfigMap": ["v1", "ConfigMap"],
  "v1/Secret": ["v1", "Secret"],
  "v1/Service": ["v1", "Service"],
  "v1/ServiceAccount": ["v1", "ServiceAccount"],
  "apps/v1/Deployment": ["apps/v1", "Deployment"],
  "apps/v1/DaemonSet": ["apps/v1", "DaemonSet"],
  "policy/v1/PodDisruptionBudget": ["policy/v1", "PodDisruptionBudget"],
  "networking.k8s.io/v1/NetworkPolicy": ["networking.k8s.io/v1", "NetworkPolicy"],
};

// Names that hold a credential: their values come from Secrets or secret files, never literals.
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|JAAS|CREDENTIAL|PRIVATE_KEY/i;

/** Violations of the security rules in one manifest; empty when it complies. */
function securityProblems(obj) {
  const problems = [];
  if (obj.kind === "Secret" && (obj.data || obj.stringData)) {
    problems.push("a Secret with data: create Secrets out of band (deploy/README.md)");
  }
  if (obj.kind === "ConfigMap") {
    for (const key of Object.keys(obj.data ?? {})) {
      if (SECRET_NAME.test(key)) problems.push(`ConfigMap key ${key} looks like a credential`);
    }
  }
  const pod = obj.spec?.template?.spec;
  if (pod) {
    if (pod.automountServiceAccountToken !== false) {
      problems.push("automountServiceAccountToken must be false");
    }
    if (pod.hostNetwork || pod.hostPID || pod.hostIPC) problems.push("host namespaces are shared");
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      const sc = c.securityContext ?? {};
      const where = `container ${c.name}`;
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation`);
      if (sc.privileged) problems.push(`${where}: privileged`);
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: root file system writable`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(`${where}: capabilities not dropped`);
      if ((sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true) {
        problems.push(`${where}: may run as root`);
      }
      const seccomp = sc.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
      if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") problems.push(`${where}: no seccomp profile`);
      if (!c.resources?.limits?.memory) problems.push(`${where}: no memory limit`);
      for (const e of c.env ?? []) {
        if (SECRET_NAME.test(e.name) && e.value !== undefined) {
          problems.push(`${where}: env ${e.name} has a literal value`);
        }
      }
    }
  }
  return problems;
}


// kubernetes-models is ESM-only and lives outside this directory: import it by file path.
async function loadModel([group, name]) {
  const file = join(modules, "node_modules", "kubernetes-models", group, "index.js");
  return (await import(pathToFileURL(file).href))[name];
}

const dir = join(dirname(fileURLToPath(import.meta.url)), "k8s");
let count = 0;
let failures = 0;
const denyAll = new Set();
for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
  const docs = YAML.parseAllDocuments(readFileSync(join(dir, file), "utf8"));
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      console.error(`FAIL ${file}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      failures++;
      continue;
    }
    const obj = doc.toJS();
    if (obj == null) continue;
    const key = `${obj.apiVersion}/${obj.kind}`;
    const name = `${file} ${key} ${obj.metadata?.name ?? "(no name)"}`;
    const model = kinds[key];
    if (!model) {
      console.error(`FAIL ${name}: no schema registered for ${key} in validate.mjs`);
      failures++;
      continue;
    }
    const Model = await loadModel(model);
    try {
      new Model(obj).validate();
      if (!obj.metadata?.namespace && obj.kind !== "Namespace") {
        throw new Error("metadata.namespace missing");
      }
      const problems = securityProblems(obj);
      if (problems.length > 0) throw new Error(problems.join("; "));
      if (obj.kind === "NetworkPolicy" && Object.keys(obj.spec.podSelector).length === 0
          && (obj.spec.policyTypes ?? []).includes("Ingress") && (obj.spec.policyTypes ?? []).includes("Egress")
          && !obj.spec.ingress && !obj.spec.egress) {
        denyAll.add(obj.metadata.namespace);
      }
      console.log(`ok   ${name}`);
      count++;
    } catch (e) {
      console.error(`FAIL ${name}: ${e.message}`);
      failures++;
    }
  }
}
if (!denyAll.has("slipway")) {
  console.error("FAIL no default-deny NetworkPolicy (empty podSelector, no rules) in namespace slipway");
  failures++;
}

// docker-compose.yml: a credential is a compose secret (a file), never an environment value.
const composeFile = join(dirname(fileURLToPath(import.meta.url)), "..", "docker-compose.yml");
const compose = YAML.parse(readFileSync(composeFile, "utf8"), { merge: true });
for (const [name, service] of Object.entries(compose.services ?? {})) {
  const env = service.environment ?? {};
  const entries = Array.isArray(env) ? env.map((e) => e.split("=", 2)) : Object.entries(env);
  for (const [key, value] of entries) {
    if (SECRET_NAME.test(key) && !key.endsWith("_FILE")) {
      console.error(`FAIL docker-compose.yml ${name}: ${key}=${value}: use a compose secret`);
      failures++;
    }
  }
}
// deploy/observability: the Grafana dashboard's structure, the alert rules' structure, and every
// metric either names is one Slipway exports. metrics.txt lists the exported sample names; it is
// checked against a real scrape of an orchestrator and an agent by MetricsIntegrationTests.
const obsDir = join(dirname(fileURLToPath(import.meta.url)), "observability");
const exported = new Set(
  readFileSync(join(obsDir, "metrics.txt"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l),
);
const METRIC = /\bslipway_[a-zA-Z0-9_]+/g;

/** Problems with the metric names of one PromQL expression. */
function exprProblems(expr) {
  if (typeof expr !== "string" || expr.trim() === "") return ["empty expression"];
  const names = expr.match(METRIC) ?? [];
  if (names.length === 0) return [`names no slipway_ metric: ${expr}`];
  const problems = names.filter((n) => !exported.has(n)).map((n) => `${n} is not exported (metrics.txt)`);
  let depth = 0;
  for (const c of expr) {
    depth += c === "(" ? 1 : c === ")" ? -1 : 0;
    if (depth < 0) break;
  }
  if (depth !== 0) problems.push(`unbalanced parentheses: ${expr}`);
  return problems;
}

function check(name, problems) {
  if (problems.length > 0) {
    console.error(`FAIL ${name}: ${problems.join("; ")}`);
    failures++;
  } else {
    console.log(`ok   ${name}`);
  }
}

{
  const problems = [];
  let dash;
  try {
    dash = JSON.parse(readFileSync(join(obsDir, "grafana-dashboard.json"), "utf8"));
  } catch (e) {
    problems.push(`not JSON: ${e.message}`);
  }
  if (dash) {
    for (const key of ["uid", "title"]) {
      if (typeof dash[key] !== "string" || dash[key] === "") problems.push(`no ${key}`);
    }
    if (!Number.isInteger(dash.schemaVersion)) problems.push("no schemaVersion");
    const variables = new Set((dash.templating?.list ?? []).map((v) => v.name));
    if (!Array.isArray(dash.panels) || dash.panels.length === 0) problems.push("no panels");
    const ids = new Set();
    for (const p of dash.panels ?? []) {
      const where = `panel ${p.id} "${p.title}"`;
      if (!Number.isInteger(p.id) || ids.has(p.id)) problems.push(`${where}: id missing or repeated`);
      ids.add(p.id);
      if (!p.title) problems.push(`${where}: no title`);
      if (!["timeseries", "stat", "gauge", "table", "bargauge"].includes(p.type)) problems.push(`${where}: type ${p.type}`);
      const g = p.gridPos ?? {};
      if (![g.x, g.y, g.w, g.h].every(Number.isInteger) || g.x + g.w > 24) problems.push(`${where}: gridPos`);
      const uid = p.datasource?.uid ?? "";
      const variable = /^\$\{(\w+)\}$/.exec(uid);
      if (p.datasource?.type !== "prometheus" || (variable && !variables.has(variable[1]))) {
        problems.push(`${where}: datasource must be prometheus (a defined variable)`);
      }
      if (!Array.isArray(p.targets) || p.targets.length === 0) problems.push(`${where}: no targets`);
      const refIds = new Set();
      for (const t of p.targets ?? []) {
        if (!t.refId || refIds.has(t.refId)) problems.push(`${where}: refId missing or repeated`);
        refIds.add(t.refId);
        problems.push(...exprProblems(t.expr).map((x) => `${where}: ${x}`));
      }
    }
  }
  check("observability/grafana-dashboard.json", problems);
}

{
  const problems = [];
  const rules = YAML.parse(readFileSync(join(obsDir, "alerts.yaml"), "utf8"));
  const groups = rules?.groups;
  if (!Array.isArray(groups) || groups.length === 0) problems.push("no groups");
  const alerts = new Set();
  for (const g of groups ?? []) {
    if (!g.name) problems.push("a group without a name");
    for (const r of g.rules ?? []) {
      const where = `rule ${r.alert ?? r.record ?? "(unnamed)"}`;
      if (!r.alert) problems.push(`${where}: only alerting rules here`);
      if (alerts.has(r.alert)) problems.push(`${where}: repeated`);
      alerts.add(r.alert);
      if (r.for !== undefined && !/^(\d+(ms|s|m|h|d|w|y))+$/.test(r.for)) problems.push(`${where}: for ${r.for}`);
      if (!["critical", "warning", "info"].includes(r.labels?.severity)) problems.push(`${where}: labels.severity`);
      if (!r.annotations?.summary) problems.push(`${where}: annotations.summary`);
      problems.push(...exprProblems(r.expr).map((x) => `${where}: ${x}`));
    }
  }
  for (const required of ["SlipwayCreationStuck", "SlipwayOutboxBehind", "SlipwayHostDown", "SlipwayDeadLetters"]) {
    if (!alerts.has(required)) problems.push(`no ${required} alert`);
  }
  check("observability/alerts.yaml", problems);
}

console.log(`${count} manifest(s) valid, ${failures} failure(s)`);
process.exit(failures > 0 ? 1 : 0);
