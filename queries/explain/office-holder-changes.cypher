// What an empty answer of office-holder-changes depends on: how many
// documents are dated, and how many offices have holders shown in documents
// of two or more administrations of the office's country.
MATCH (d:Document)
WITH count(d) AS documents, count(d.date) AS dated
OPTIONAL MATCH (p:Person)-[h:HOLDS_OFFICE]->(o:Office)
WHERE $country = '' OR coalesce(o.country, head([(o)-[:OF]->(c:Country) | c.name])) = $country
WITH documents, dated, h, o, coalesce(o.country, head([(o)-[:OF]->(c:Country) | c.name])) AS country
OPTIONAL MATCH (:Document {id: h.doc})-[:DURING {certain: true}]->(a:Administration {country: country})
WITH documents, dated, o, count(DISTINCT a) AS administrations
WITH documents, dated, count(CASE WHEN administrations >= 2 THEN o END) AS spanning
RETURN dated + ' of ' + documents + ' documents are dated; ' +
  CASE WHEN spanning = 0 THEN 'no office has holders shown in documents of two administrations of its country'
    ELSE spanning + ' offices have holders shown in documents of two or more administrations of their country, and none changed holder between them' END
  AS why
