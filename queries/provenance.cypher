// Provenance of a fact
// name: provenance
// description: Where a fact comes from: every relationship of the given type
//   whose start and end match the given texts (a name, alias, id or quoted
//   text, or part of one), with the sentence it was read from and the document
//   (source file, date and where the date came from, title, url, SHA-256). Use
//   it to check any edge seen in Browser.
// param: from string "Rubio" Start node: name, alias or id, or part of one ("" for any).
// param: type string "ATTENDED" Relationship type, e.g. HOLDS_OFFICE, ATTENDED, SAID, AGREED_TO ("" for any).
// param: to string "" End node: name, alias, id or text, or part of one ("" for any).
MATCH (a)-[r]->(b)
WHERE r.doc IS NOT NULL
  AND ($type = '' OR type(r) = toUpper($type))
  AND (toLower(coalesce(a.name, '')) CONTAINS toLower($from) OR a.id = $from
    OR any(alias IN coalesce(a.aliases, []) WHERE toLower(alias) CONTAINS toLower($from)))
  AND (toLower(coalesce(b.name, '')) CONTAINS toLower($to) OR b.id = $to
    OR toLower(coalesce(b.text, '')) CONTAINS toLower($to) OR toLower(coalesce(b.source, '')) CONTAINS toLower($to)
    OR any(alias IN coalesce(b.aliases, []) WHERE toLower(alias) CONTAINS toLower($to)))
MATCH (d:Document {id: r.doc})
RETURN coalesce(a.name, a.source, a.id) AS from, type(r) AS type, coalesce(b.name, b.text, b.source, b.id) AS to,
  r.evidence AS evidence, d.source AS document, d.date AS date, d.dateSource AS dateSource, d.title AS title,
  d.url AS url, d.sha256 AS sha256
  ORDER BY date, document, from, type, to
