// Officials across administrations
// name: officials-across-administrations
// description: People who hold an office of a country and appear in documents
//   dated in two or more administrations of that country, with the offices,
//   the administrations in time order and the documents. A second,
//   non-consecutive term (Trump 2017 and 2025) is another administration. A
//   person appears in a document when they are mentioned in it or a fact about
//   them was read from it, so a president-elect or a former official still
//   counts. A document dated only by month or year that straddles a handover
//   counts only with includeUncertain.
// param: country string "" Only officials of this country, e.g. "Mexico" ("" for every country).
// param: minAdministrations int 2 Least number of administrations a person must appear in.
// param: includeUncertain bool false Also count documents whose month or year straddles a handover.
MATCH (p:Person)-[:HOLDS_OFFICE]->(o:Office)
WITH p, o, coalesce(o.country, head([(o)-[:OF]->(c:Country) | c.name])) AS country
WHERE country IS NOT NULL AND ($country = '' OR country = $country)
WITH p, country, o.name AS office
  ORDER BY office
WITH p, country, collect(DISTINCT office) AS offices
MATCH (p)-[r]-()
WHERE r.doc IS NOT NULL
WITH DISTINCT p, country, offices, r.doc AS docId
MATCH (d:Document {id: docId})-[during:DURING]->(a:Administration {country: country})
WHERE during.certain OR $includeUncertain
WITH p, country, offices, a, d
  ORDER BY a.start, d.date, d.source
WITH p, country, offices, collect(DISTINCT a.name) AS administrations, collect(DISTINCT d.source) AS documents
WHERE size(administrations) >= $minAdministrations
RETURN p.name AS person, country, offices, administrations, documents
  ORDER BY country, person
