// What an empty answer of officials-across-administrations depends on: how
// many documents are dated (only dated ones fall in an administration), how
// many people hold an office, and the most administrations of their own
// country any of them appears in.
MATCH (d:Document)
WITH count(d) AS documents, count(d.date) AS dated
OPTIONAL MATCH (p:Person)-[:HOLDS_OFFICE]->(o:Office)
WHERE $country = '' OR coalesce(o.country, head([(o)-[:OF]->(c:Country) | c.name])) = $country
WITH documents, dated, p, coalesce(o.country, head([(o)-[:OF]->(c:Country) | c.name])) AS country
OPTIONAL MATCH (p)-[r]-()
WHERE r.doc IS NOT NULL
OPTIONAL MATCH (:Document {id: r.doc})-[during:DURING]->(a:Administration {country: country})
WHERE during.certain OR $includeUncertain
WITH documents, dated, p, count(DISTINCT a) AS administrations
WITH documents, dated, count(DISTINCT p) AS officials, max(administrations) AS most
RETURN dated + ' of ' + documents + ' documents are dated; ' +
  CASE WHEN officials = 0 THEN 'no person holds an office' +
      CASE WHEN $country = '' THEN '' ELSE ' of ' + $country END
    ELSE officials + ' people hold an office, and none appears in documents of ' +
      $minAdministrations + ' or more administrations of their own country (at most ' +
      coalesce(most, 0) + ')' END +
  CASE WHEN $includeUncertain THEN '' ELSE '; documents dated only by a month or year that straddles a handover are left out (includeUncertain=true counts them)' END
  AS why
