// Documents that mention two given people
// name: documents-mentioning-both
// description: The documents that mention both people, in time order, with
//   their url (when their metadata gives one) and the sentence that mentions
//   each.
// param: first string "Marco Rubio" First person: name or alias, or part of it.
// param: second string "Sheinbaum" Second person: name or alias, or part of it.
MATCH (a:Person)-[ra:MENTIONED_IN]->(d:Document)<-[rb:MENTIONED_IN]-(b:Person)
WHERE a <> b
  AND (toLower(a.name) CONTAINS toLower($first)
    OR any(alias IN coalesce(a.aliases, []) WHERE toLower(alias) CONTAINS toLower($first)))
  AND (toLower(b.name) CONTAINS toLower($second)
    OR any(alias IN coalesce(b.aliases, []) WHERE toLower(alias) CONTAINS toLower($second)))
RETURN d.date AS date, d.source AS document, d.title AS title, d.url AS url,
  a.name AS first, ra.evidence AS firstEvidence, b.name AS second, rb.evidence AS secondEvidence
  ORDER BY date, document, first, second
