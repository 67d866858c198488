// Runs bench/mapping.jsonata over a JSON file: read, parse, evaluate, serialise, write.
// Usage: node jsonata-map.mjs EXPRESSION.jsonata INPUT.json OUTPUT.json
import { readFileSync, writeFileSync } from "node:fs";
import jsonata from "jsonata";

const [exprPath, inputPath, outputPath] = process.argv.slice(2);
if (!outputPath) {
  console.error("usage: node jsonata-map.mjs EXPRESSION.jsonata INPUT.json OUTPUT.json");
  process.exit(2);
}
const expression = jsonata(readFileSync(exprPath, "utf8"));
const input = JSON.parse(readFileSync(inputPath, "utf8"));
const output = await expression.evaluate(input);
writeFileSync(outputPath, JSON.stringify(output));
console.error(`${output.length} records mapped`);
