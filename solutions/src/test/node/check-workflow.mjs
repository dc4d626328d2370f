// Parses a GitHub Actions workflow with GitHub's own parser and prints every error it finds.
// Usage: node check-workflow.mjs <folder of @actions/workflow-parser> <workflow file>
// Exit status: 0 when the workflow is valid, 1 when the parser found errors.
import { readFileSync } from "node:fs";
import { register } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// The parser imports its schema, a JSON file, without the import attribute that Node 20 requires
// (newer Node versions do not): add it.
register(`data:text/javascript,${encodeURIComponent(`
export async function load(url, context, nextLoad) {
  return url.endsWith(".json") ? nextLoad(url, { ...context, importAttributes: { type: "json" } }) : nextLoad(url, context);
}`)}`);

const [parserFolder, file] = process.argv.slice(2);
const parser = await import(pathToFileURL(join(parserFolder, "dist", "index.js")).href);

const parsed = parser.parseWorkflow({ name: file, content: readFileSync(file, "utf8") }, new parser.NoOperationTraceWriter());
const errors = parsed.context.errors.getErrors().map((error) => error.message);
if (parsed.value !== undefined) {
  const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value);
  errors.push(...(template.errors ?? []).map((error) => error.Message ?? error.message ?? String(error)));
  console.log(`jobs: ${(template.jobs ?? []).map((job) => job.id.value).join(", ")}`);
}
for (const error of new Set(errors)) {
  console.log(`error: ${error}`);
}
process.exit(errors.length === 0 ? 0 : 1);
