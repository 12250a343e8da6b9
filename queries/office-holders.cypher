// Holders of an office over time
// name: office-holders
// description: Who held an office, and when. For every office whose name or
//   alias contains the given text: each holder, the first and last date of the
//   documents that say they held it, the administrations of the office's
//   country those documents fall in, and the documents; earliest first.
// param: office string "Secretary of State" Office name or alias, or part of it ("" for every office).
// param: country string "" Only offices of this country ("" for every country).
MATCH (o:Office)
WHERE toLower(o.name) CONTAINS toLower($office)
   OR any(alias IN coalesce(o.aliases, []) WHERE toLower(alias) CONTAINS toLower($office))
WITH o, coalesce(o.country, head([(o)-[:OF]->(c:Country) | c.name])) AS country
WHERE $country = '' OR country = $country
MATCH (p:Person)-[h:HOLDS_OFFICE]->(o)
OPTIONAL MATCH (d:Document {id: h.doc})
OPTIONAL MATCH (d)-[:DURING {certain: true}]->(a:Administration {country: country})
WITH o, country, p, d, a
  ORDER BY d.date, d.source, a.start
WITH o, country, p, min(d.date) AS first, max(d.date) AS last,
  collect(DISTINCT a.name) AS administrations, collect(DISTINCT d.source) AS documents
RETURN o.name AS office, country, p.name AS holder, first, last, administrations, documents
  ORDER BY office, country, first, holder
