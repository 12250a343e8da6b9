// Find an entity by name
// name: search-entities
// description: Full-text search over the names and aliases of people,
//   offices, countries, organizations and meetings (the entity_names index,
//   Lucene syntax: rubio, sheinbaum~, "de la fuente", secret*), best match
//   first, with the number of documents that mention each.
// param: text string "Rubio" Lucene query over names and aliases.
// param: limit int 25 Most rows returned.
CALL db.index.fulltext.queryNodes('entity_names', $text)
YIELD node, score
RETURN labels(node)[0] AS label, node.name AS name, node.aliases AS aliases, node.id AS id,
  COUNT { (node)-[:MENTIONED_IN]->(:Document) } AS documents
  ORDER BY score DESC, name
  LIMIT $limit
