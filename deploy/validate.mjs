// Validates every manifest in deploy/k8s/ against the Kubernetes JSON schemas shipped in the
// npm package kubernetes-models (offline; no cluster needed). Run through deploy/validate.sh,
// which installs the packages into a temporary directory.
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
};

// kubernetes-models is ESM-only and lives outside this directory: import it by file path.
async function loadModel([group, name]) {
  const file = join(modules, "node_modules", "kubernetes-models", group, "index.js");
  return (await import(pathToFileURL(file).href))[name];
}

const dir = join(dirname(fileURLToPath(import.meta.url)), "k8s");
let count = 0;
let failures = 0;
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
      console.log(`ok   ${name}`);
      count++;
    } catch (e) {
      console.error(`FAIL ${name}: ${e.message}`);
      failures++;
    }
  }
}
console.log(`${count} manifest(s) valid, ${failures} failure(s)`);
process.exit(failures > 0 ? 1 : 0);
