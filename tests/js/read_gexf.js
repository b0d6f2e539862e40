// Read a GEXF file with graphology-gexf (the parser of Gephi Lite) and print what it
// found as one JSON document: the graph's order and size, every node's attributes and
// every edge's, as graphology holds them. Usage: node read_gexf.js FILE.gexf
"use strict";
const fs = require("fs");
const Graph = require("graphology");
const gexf = require("graphology-gexf");

const graph = gexf.parse(Graph, fs.readFileSync(process.argv[2], "utf-8"));
const nodes = {};
graph.forEachNode((key, attributes) => {
  nodes[key] = attributes;
});
const edges = [];
graph.forEachEdge((key, attributes, source, target) => {
  edges.push({ source, target, attributes });
});
process.stdout.write(
  JSON.stringify({ type: graph.type, order: graph.order, size: graph.size, nodes, edges })
);
